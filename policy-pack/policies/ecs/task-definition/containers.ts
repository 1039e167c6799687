/**
 * Shared by the ECS task definition policies: `containerDefinitions` is a JSON string. It is read
 * safely: unknown in a preview, not JSON or not a list, the policies have nothing to judge yet.
 */
import { isUnknown, record, str, type Props } from "../../../lib/props";

export const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

/** One container definition, with the name messages use. */
export interface Container {
    readonly name: string;
    readonly definition: Props;
}

/** The containers of a task definition, or undefined when they cannot be read (yet). */
export function containersOf(props: Props): Container[] | undefined {
    const text = props.containerDefinitions;
    if (typeof text !== "string" || isUnknown(text)) return undefined;
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return undefined;
    }
    if (!Array.isArray(parsed)) return undefined;
    return parsed.map((c, i) => {
        const definition = record(c);
        return { name: str(definition.name) ?? `#${i}`, definition };
    });
}

/** True for a Windows task (`runtimePlatform.operatingSystemFamily` WINDOWS_*). */
export const isWindows = (props: Props): boolean =>
    str(record(props.runtimePlatform).operatingSystemFamily)?.startsWith("WINDOWS") ?? false;
