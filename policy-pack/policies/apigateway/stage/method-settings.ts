/**
 * Shared by the REST API stage policies: a stage's execution logging and throttling live in separate
 * `aws.apigateway.MethodSettings` resources, found by stage name and REST API (by property dependency
 * in a preview, by value after an update).
 */
import type { StackResource } from "../../../lib/policy";
import { record, str, type Props } from "../../../lib/props";

export const STAGE = "aws:apigateway/stage:Stage";
export const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";

/** The method path that sets every method of a stage. */
export const ALL_METHODS = "*/*";

/** True when `a.restApi` and `b.restApi` are the same REST API. */
function sameRestApi(a: StackResource, b: StackResource): boolean {
    const idA = str(a.props.restApi);
    if (idA !== undefined && idA === str(b.props.restApi)) return true;
    const fromB = b.propertyDependencies.restApi ?? [];
    return (a.propertyDependencies.restApi ?? []).some((urn) => fromB.includes(urn));
}

/** One MethodSettings resource of a stage: its method path and settings. */
export interface StageMethodSettings {
    readonly resource: StackResource;
    readonly methodPath?: string;
    readonly settings: Props;
}

/** The MethodSettings resources that apply to `stage`. */
export function methodSettingsOf(
    resources: readonly StackResource[],
    stage: StackResource,
): StageMethodSettings[] {
    const stageName = str(stage.props.stageName);
    return resources
        .filter((r) => r.type === METHOD_SETTINGS)
        .filter(
            (m) =>
                (m.propertyDependencies.stageName ?? []).includes(stage.urn) ||
                (stageName !== undefined && str(m.props.stageName) === stageName && sameRestApi(m, stage)),
        )
        .map((resource) => ({
            resource,
            methodPath: str(resource.props.methodPath),
            settings: record(resource.props.settings),
        }));
}
