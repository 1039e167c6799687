/** `npm run replacement-facts`: writes cfn-replacement.json from the installed `@aws-cdk/aws-service-spec`. */
import * as fs from "node:fs";
import * as path from "node:path";
import { replacementFactsFromPackage } from "./replacement-facts";

const file = path.join(__dirname, "cfn-replacement.json");
fs.writeFileSync(file, `${JSON.stringify(replacementFactsFromPackage(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
