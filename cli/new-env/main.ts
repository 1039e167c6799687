/**
 * `npm run new-env -- --env <env> --network-account <id> --security-account <id> --spoke-account <id>
 * --organization <arn> --region <region> --supernet <cidr> --corporate-domain <domain> [...]`: writes a
 * new environment file and its hub stack files after the checks every stack of the environment runs.
 * Exit codes: 0 written; 2 bad input (nothing written).
 */
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";
import { NewEnvError, scaffoldEnvironment, USAGE } from "./scaffold";

/** Runs the scaffolder; returns the exit code. */
export function main(
    argv: readonly string[],
    root = PROJECT_ROOT,
    out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
    err: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): number {
    try {
        const made = scaffoldEnvironment(argv, root);
        for (const file of made.files) out(`wrote ${file}`);
        out(
            `next: review the files (firewall rule groups, appliances, tags), then npm run plan -- --env ${made.environment};` +
                ` add spokes with npm run new-spoke -- --env ${made.environment} ...`,
        );
        return 0;
    } catch (error) {
        if (!(error instanceof NewEnvError)) throw error;
        if (error.problems.length === 0) {
            out(USAGE);
            return 0;
        }
        err(
            `new-env: nothing written (${error.problems.length} problem${error.problems.length === 1 ? "" : "s"}):`,
        );
        for (const line of error.message.split("\n")) err(`  ${line}`);
        err("");
        err(USAGE);
        return 2;
    }
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
