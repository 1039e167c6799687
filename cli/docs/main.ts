/**
 * `npm run docs`: writes docs/configuration.md from the config schemas and their descriptions
 * (stacks/schema/reference.ts). `--check` writes nothing and exits 1 when the committed page differs.
 *
 * Exit codes: 0 written (or up to date); 1 the page is out of date (`--check`) or a field has no
 * description; 2 a bad argument.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REFERENCE_HEADER, REFERENCE_SECTIONS } from "../../stacks/schema/reference";
import { PROJECT_ROOT } from "../../stacks/schema/root";
import { formatMarkdown, ReferenceError, renderReference } from "./configuration";

/** The generated page, relative to the project root. */
export const CONFIGURATION_PAGE = "docs/configuration.md";

/** The page as the schemas generate it, formatted. */
export async function configurationPage(): Promise<string> {
    const file = path.join(PROJECT_ROOT, CONFIGURATION_PAGE);
    return formatMarkdown(renderReference(REFERENCE_HEADER, REFERENCE_SECTIONS), file);
}

async function main(argv: readonly string[]): Promise<number> {
    if (argv.includes("-h") || argv.includes("--help")) {
        process.stdout.write(
            "usage: npm run docs [-- --check]\n\n" +
                `  writes ${CONFIGURATION_PAGE} from the schemas in stacks/schema/\n` +
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
    const file = path.join(PROJECT_ROOT, CONFIGURATION_PAGE);
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (argv.includes("--check")) {
        if (current === page) return 0;
        process.stderr.write(`docs: ${CONFIGURATION_PAGE} is out of date; run npm run docs and commit it\n`);
        return 1;
    }
    if (current !== page) fs.writeFileSync(file, page);
    process.stdout.write(`${current === page ? "up to date" : "wrote"}: ${CONFIGURATION_PAGE}\n`);
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
