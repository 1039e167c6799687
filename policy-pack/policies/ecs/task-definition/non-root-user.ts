import { resourcePolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";
import { containersOf, isWindows, TASK_DEFINITION } from "./containers";

/** `root`, `0`, `root:<group>` or `0:<group>`. */
const ROOT = /^(root|0)(:.*)?$/;

/**
 * ECS containers must run as a non-root user. Without `user` a container runs as its image's user,
 * root unless the image says otherwise. Windows containers (which take no `user`) are not checked.
 */
export const ecsTaskDefinitionNonRootUser = resourcePolicy({
    name: "ecs-task-definition-non-root-user",
    description: "ECS containers must run as a non-root user.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium" },
    resourceTypes: [TASK_DEFINITION],
    check: (props) => {
        if (isWindows(props)) return [];
        return (containersOf(props) ?? []).flatMap((c) => {
            const user = str(c.definition.user);
            if (user === undefined || user === "") {
                return [
                    `container '${c.name}' sets no user, so it runs as the image's user (root by default); set user to a non-root UID.`,
                ];
            }
            return ROOT.test(user)
                ? [`container '${c.name}' runs as user '${user}'; set a non-root user.`]
                : [];
        });
    },
});
