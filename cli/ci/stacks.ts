/**
 * `npm run ci-stacks -- [--base REV] [--role-name NAME]`: which stacks a change touches, in deployment
 * order, each with the account, region and role CI assumes for it (one JSON line per stack, or a
 * GitHub Actions matrix with `--matrix`). The workflow in .github/workflows previews those stacks with
 * the policy pack on a pull request and updates them, level by level, on merge.
 */
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { environmentNames, loadEnvironment } from "../../stacks/schema/stack-config";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";
import { accountOf, stacksOf, type PlannedStack } from "../plan/stacks";

/** A stack CI runs `pulumi preview` / `pulumi up` on. */
export interface CiStack {
    readonly stack: string;
    readonly environment: string;
    /** 0: primary network; 1: DR network and security; 2: spokes (deploy lower levels first). */
    readonly level: number;
    readonly account: string;
    readonly region: string;
    /** The role CI assumes (OIDC) to run the stack: a spoke's deployer role, else `<roleName>` in the account. */
    readonly roleArn: string;
}

/** Changed paths that touch every stack: the program, the components, the pack, the dependencies. */
const EVERY_STACK = [
    /^components\//,
    /^stacks\/[^/]+\.ts$/,
    /^stacks\/schema\//,
    /^policy-pack\//,
    /^Pulumi\.yaml$/,
    /^package(-lock)?\.json$/,
];

/**
 * The stacks `changed` (paths relative to the project root) touches: a stack config file its stack,
 * an environment file every stack of that environment, the workload code every spoke, and the program,
 * components, policy pack or dependencies every stack. Ordered by environment, level and name.
 */
export function stacksTouched(
    changed: readonly string[],
    root = PROJECT_ROOT,
    roleName = "hub-network-deployer",
): CiStack[] {
    const picked = new Map<string, CiStack>();
    for (const env of environmentNames(root)) {
        const { environment } = loadEnvironment(env, undefined, root);
        const spokeRoles = new Map(environment.accounts.spokes.map((s) => [s.id, s.deployerRoleArn]));
        for (const stack of stacksOf(env, root)) {
            if (!touches(stack, env, changed)) continue;
            const account = accountOf(stack, env, root);
            picked.set(stack.name, {
                stack: stack.name,
                environment: env,
                level: stack.level,
                account,
                region: stack.config["aws:region"] ?? environment.regions.primary.name,
                roleArn: spokeRoles.get(account) ?? `arn:aws:iam::${account}:role/${roleName}`,
            });
        }
    }
    return [...picked.values()].sort(
        (a, b) =>
            a.environment.localeCompare(b.environment) || a.level - b.level || a.stack.localeCompare(b.stack),
    );
}

function touches(stack: PlannedStack, env: string, changed: readonly string[]): boolean {
    return changed.some(
        (file) =>
            file === `stacks/config/Pulumi.${stack.name}.yaml` ||
            file === `stacks/environments/${env}.yaml` ||
            (stack.role === "spoke" && file.startsWith("services/")) ||
            EVERY_STACK.some((pattern) => pattern.test(file)),
    );
}

/** Runs the command; returns the exit code. */
export function main(argv: readonly string[], out = (l: string) => process.stdout.write(`${l}\n`)): number {
    let values;
    try {
        ({ values } = parseArgs({
            args: [...argv],
            strict: true,
            options: {
                base: { type: "string" },
                "role-name": { type: "string" },
                level: { type: "string" },
                matrix: { type: "boolean" },
            },
        }));
    } catch (error) {
        process.stderr.write(
            `ci-stacks: ${(error as Error).message}; expected [--base REV] [--role-name NAME] [--level N] [--matrix]\n`,
        );
        return 2;
    }
    const base = values.base ?? "origin/main";
    let changed: string[];
    try {
        changed = execFileSync("git", ["diff", "--name-only", `${base}...HEAD`], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
        })
            .split("\n")
            .filter((l) => l !== "");
    } catch {
        process.stderr.write(
            `ci-stacks: --base '${base}' is not a revision git knows; expected e.g. origin/main\n`,
        );
        return 2;
    }
    const level = values.level === undefined ? undefined : Number(values.level);
    const stacks = stacksTouched(changed, PROJECT_ROOT, values["role-name"]).filter(
        (s) => level === undefined || s.level === level,
    );
    if (values.matrix) out(JSON.stringify({ include: stacks }));
    else for (const s of stacks) out(JSON.stringify(s));
    return 0;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
