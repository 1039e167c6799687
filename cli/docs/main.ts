/**
 * `npm run docs`: writes docs/configuration.md from the config schemas and their descriptions
 * (stacks/schema/reference.ts), and the policy catalogue of docs/policies.md from the policies'
 * metadata. `--check` writes nothing and exits 1 when a committed page differs.
 *
 * Exit codes: 0 written (or up to date); 1 the page is out of date (`--check`) or a field has no
 * description; 2 a bad argument.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REFERENCE_HEADER, REFERENCE_SECTIONS } from "../../stacks/schema/reference";
import { PROJECT_ROOT } from "../../stacks/schema/root";
import { resourcePolicies, stackPolicies } from "../../policy-pack/policies";
import { formatMarkdown, ReferenceError, renderReference } from "./configuration";
import { policyCatalogue, withCatalogue } from "./policy-catalogue";

/** The generated page, relative to the project root. */
export const CONFIGURATION_PAGE = "docs/configuration.md";

/** The page as the schemas generate it, formatted. */
export async function configurationPage(): Promise<string> {
    const file = path.join(PROJECT_ROOT, CONFIGURATION_PAGE);
    return formatMarkdown(renderReference(REFERENCE_HEADER, REFERENCE_SECTIONS), file);
}

/** The generated page of the policy catalogue, relative to the project root. */
export const POLICIES_PAGE = "docs/policies.md";

/** docs/policies.md with its catalogue as the pack's metadata generates it (the prose as committed). */
export function policiesPage(): string {
    const current = fs.readFileSync(path.join(PROJECT_ROOT, POLICIES_PAGE), "utf8");
    return withCatalogue(current, policyCatalogue(resourcePolicies, stackPolicies));
}

/** Writes `page` to `relative` unless it is up to date, or (with `check`) reports it; true when current. */
function update(relative: string, page: string, check: boolean): boolean {
    const file = path.join(PROJECT_ROOT, relative);
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (check) {
        if (current === page) return true;
        process.stderr.write(`docs: ${relative} is out of date; run npm run docs and commit it\n`);
        return false;
    }
    if (current !== page) fs.writeFileSync(file, page);
    process.stdout.write(`${current === page ? "up to date" : "wrote"}: ${relative}\n`);
    return true;
}

async function main(argv: readonly string[]): Promise<number> {
    if (argv.includes("-h") || argv.includes("--help")) {
        process.stdout.write(
            "usage: npm run docs [-- --check]\n\n" +
                `  writes ${CONFIGURATION_PAGE} from the schemas in stacks/schema/\n` +
                `  and the policy catalogue of ${POLICIES_PAGE} from policy-pack/policies/\n` +
                "  --check   write nothing; exit 1 when the page is out of date\n",
        );
        return 0;
    }
    const unknown = argv.filter((a) => a !== "--check");
    if (unknown.length > 0) {
        process.stderr.write(`docs: unknown argument '${unknown[0]}'; expected --check or nothing\n`);
        return 2;
    }
    let page: string;
    try {
        page = await configurationPage();
    } catch (error) {
        if (error instanceof ReferenceError) {
            process.stderr.write(`docs: ${error.message}\n`);
            return 1;
        }
        throw error;
    }
    const check = argv.includes("--check");
    const configuration = update(CONFIGURATION_PAGE, page, check);
    const policies = update(POLICIES_PAGE, policiesPage(), check);
    return configuration && policies ? 0 : 1;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
