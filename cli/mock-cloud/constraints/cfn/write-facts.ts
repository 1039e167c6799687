/** `npm run spec-facts`: writes spec-facts.json from the installed `@aws-cdk/aws-service-spec`. */
import * as fs from "node:fs";
import * as path from "node:path";
import { factsFromPackage } from "./facts";

const file = path.join(__dirname, "spec-facts.json");
fs.writeFileSync(file, `${JSON.stringify(factsFromPackage(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
