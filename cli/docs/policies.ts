/** `npm run docs:policies`: rewrites the policy catalogue of docs/policies.md from the pack's metadata. */
import * as fs from "node:fs";
import * as path from "node:path";
import { resourcePolicies, stackPolicies } from "../../policy-pack/policies";
import { PROJECT_ROOT } from "../../stacks/schema/root";
import { policyCatalogue, withCatalogue } from "./policy-catalogue";

const file = path.join(PROJECT_ROOT, "docs", "policies.md");
const page = fs.readFileSync(file, "utf8");
const updated = withCatalogue(page, policyCatalogue(resourcePolicies, stackPolicies));
if (updated !== page) {
    fs.writeFileSync(file, updated);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
} else {
    console.log(`${path.relative(process.cwd(), file)} is up to date`);
}
