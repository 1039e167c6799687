/**
 * `npm run new-spoke -- --env <env> --name <name> --account <id> --owner <email> [--kind <kind>]
 * [--inspection gwlb] [--dr]`: writes `stacks/config/Pulumi.spoke-<name>-<env>.yaml` with the next
 * free CIDR of the environment's spoke pool, after the checks the spoke stack runs.
 * Exit codes: 0 written; 2 bad input (nothing written).
 */
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";
import { ScaffoldError, scaffoldSpoke, USAGE } from "./scaffold";

/** Runs the scaffolder; returns the exit code. */
export function main(
    argv: readonly string[],
    root = PROJECT_ROOT,
    out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
    err: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): number {
    try {
        const made = scaffoldSpoke(argv, root);
        const r = made.request;
        out(`wrote ${made.file}`);
        out(
            `  spoke ${r.name}: ${r.workload}, inspection ${r.inspection}, ${r.availabilityZones} AZs, ` +
                `${r.cidr ?? `a /${r.netmaskLength} from IPAM`}${r.drCidr ? `, DR ${r.drCidr}` : ""}`,
        );
        out(`next: review the file, then npm run plan -- --env ${made.environment} --stack ${made.stack}`);
        return 0;
    } catch (error) {
        if (!(error instanceof ScaffoldError)) throw error;
        if (error.problems.length === 0) {
            out(USAGE);
            return 0;
        }
        err(
            `new-spoke: nothing written (${error.problems.length} problem${error.problems.length === 1 ? "" : "s"}):`,
        );
        for (const line of error.message.split("\n")) err(`  ${line}`);
        if (error.usage) {
            err("");
            err(USAGE);
        }
        return 2;
    }
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
