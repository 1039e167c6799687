import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { expect } from "chai";
import { refusedFiles } from "../../../cli/plan/review-files";
import { CONFIG_RULE, planSarif, problemsInMessage, type SarifLog } from "../../../cli/plan/sarif";
import type { PolicyFinding } from "../../../cli/plan/policy";
import { ConfigError, type ConfigProblem } from "../../../stacks/schema/errors";

// The OASIS SARIF 2.1.0 schema (rtm.5, the one GitHub code scanning documents), as Microsoft's SARIF
// tooling ships it, validated with the JSON Schema draft it is written in (draft-04).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SCHEMA = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json") as {
    $schema: string;
    required: string[];
    definitions: Record<string, { required?: string[] }>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DRAFT_04 = require("ajv/lib/refs/json-schema-draft-04.json") as object;

function validator() {
    const ajv = new Ajv({ schemaId: "id", allErrors: true, unknownFormats: "ignore", logger: false });
    ajv.addMetaSchema(DRAFT_04);
    return ajv.compile(SCHEMA);
}

const finding = (over: Partial<PolicyFinding> = {}): PolicyFinding => ({
    policyName: "ec2-vpc-flow-logs",
    policyPackName: "hub-network",
    policyPackVersion: "0.1.0",
    description: "Every VPC must have a flow log.",
    message: "VPC has no flow log; add one.",
    enforcementLevel: "mandatory",
    urn: "urn:pulumi:spoke-app1-dev::hub-network::hub-network:network:SpokeVpc$aws:ec2/vpc:Vpc::app1-vpc",
    severity: "high",
    stack: "spoke-app1-dev",
    ...over,
});

describe("plan SARIF", () => {
    let root: string;
    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-sarif-"));
        fs.mkdirSync(path.join(root, "stacks", "config"), { recursive: true });
        fs.writeFileSync(
            path.join(root, "stacks", "config", "Pulumi.spoke-app1-dev.yaml"),
            "# Spoke app1\nconfig:\n  aws:region: eu-west-1\n  hub-network:role: spoke\n  hub-network:spoke:\n    name: app1\n",
        );
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("pins the schema facts it relies on", () => {
        expect(SCHEMA.$schema).to.equal("http://json-schema.org/draft-04/schema#");
        expect(SCHEMA.required).to.deep.equal(["version", "runs"]);
        expect(SCHEMA.definitions.run.required).to.deep.equal(["tool"]);
        expect(SCHEMA.definitions.tool.required).to.deep.equal(["driver"]);
        expect(SCHEMA.definitions.toolComponent.required).to.deep.equal(["name"]);
        expect(SCHEMA.definitions.result.required).to.deep.equal(["message"]);
        expect(SCHEMA.definitions.reportingDescriptor.required).to.deep.equal(["id"]);
    });

    it("rejects a log without its required fields, so the schema check below can fail", () => {
        const validate = validator();
        expect(validate({ version: "2.1.0", runs: [{ tool: {} }] })).to.equal(false);
        expect(JSON.stringify(validate.errors)).to.include("driver");
        expect(
            validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{}] }] }),
        ).to.equal(false);
        expect(JSON.stringify(validate.errors)).to.include("message");
    });

    it("puts each policy violation on its stack's file, with its rule, level and resource", () => {
        const log = planSarif({
            env: "dev",
            root,
            toolVersion: "0.1.0",
            findings: [
                finding(),
                finding({ enforcementLevel: "advisory", severity: "low", policyName: "lambda-concurrency" }),
                finding({ urn: undefined, stack: "network-dev" }),
            ],
            problems: [],
        });
        const validate = validator();
        expect(validate(log), JSON.stringify(validate.errors)).to.equal(true);
        const run = log.runs[0];
        expect(run.tool.driver.rules.map((r) => r.id)).to.deep.equal([
            "ec2-vpc-flow-logs",
            "lambda-concurrency",
        ]);
        expect(run.tool.driver.rules[0].properties["security-severity"]).to.equal("8.0");
        const [first, second, third] = run.results;
        expect(first).to.deep.include({ ruleId: "ec2-vpc-flow-logs", ruleIndex: 0, level: "error" });
        expect(first.message.text).to.equal("spoke-app1-dev app1-vpc: VPC has no flow log; add one.");
        expect(first.locations[0].physicalLocation).to.deep.equal({
            artifactLocation: { uri: "stacks/config/Pulumi.spoke-app1-dev.yaml", uriBaseId: "%SRCROOT%" },
            // The spoke's request, where its team reads it.
            region: { startLine: 5 },
        });
        expect(first.locations[0].logicalLocations?.[0].fullyQualifiedName).to.equal(finding().urn);
        expect(second).to.deep.include({ ruleIndex: 1, level: "warning" });
        // A stack-level finding of a stack whose file is not there: the file's first line.
        expect(third.locations[0].physicalLocation.region.startLine).to.equal(1);
        expect(third.locations[0].logicalLocations).to.equal(undefined);
    });

    it("reads the config problems a failed stack's message lists, on their files and lines", () => {
        const problems: ConfigProblem[] = [
            {
                file: "stacks/config/Pulumi.spoke-app1-dev.yaml",
                line: 15,
                field: "hub-network:spoke.cidr",
                value: "10.0.0.0/33",
                message: "is not a CIDR; expected e.g. 10.20.0.0/20",
            },
            {
                file: "stacks/environments/dev.yaml",
                field: "firewall.ruleGroups[egress-allow-list].capacity",
                message: "is missing; expected the group's capacity",
            },
        ];
        const parsed = problemsInMessage(new ConfigError(problems).message);
        expect(parsed).to.deep.equal([
            {
                file: "stacks/config/Pulumi.spoke-app1-dev.yaml",
                line: 15,
                field: "hub-network:spoke.cidr",
                message: "'10.0.0.0/33' is not a CIDR; expected e.g. 10.20.0.0/20",
            },
            {
                file: "stacks/environments/dev.yaml",
                field: "firewall.ruleGroups[egress-allow-list].capacity",
                message: "is missing; expected the group's capacity",
            },
        ]);
        expect(problemsInMessage("skipped: a stack it may reference failed")).to.deep.equal([]);
        const log = planSarif({ env: "dev", root, toolVersion: "0.1.0", findings: [], problems: parsed });
        const validate = validator();
        expect(validate(log), JSON.stringify(validate.errors)).to.equal(true);
        expect(
            log.runs[0].results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.region]),
        ).to.deep.equal([
            [CONFIG_RULE, "error", { startLine: 15 }],
            [CONFIG_RULE, "error", { startLine: 1 }],
        ]);
        expect(log.runs[0].results[0].message.text).to.equal(
            "hub-network:spoke.cidr '10.0.0.0/33' is not a CIDR; expected e.g. 10.20.0.0/20",
        );
    });

    it("writes the problems of stack files refused before planning as SARIF and Markdown", () => {
        const files = refusedFiles("dev", root, path.join(root, "out"), [
            {
                file: "stacks/environments/dev.yaml",
                line: 3,
                field: "name",
                value: "Dev",
                message: "is not dev",
            },
        ]);
        const sarif = JSON.parse(files.find(([f]) => f.endsWith("plan.sarif"))![1]) as SarifLog;
        expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).to.equal(
            "stacks/environments/dev.yaml",
        );
        const markdown = files.find(([f]) => f.endsWith("summary.md"))![1];
        expect(markdown).to.include("- stacks/environments/dev.yaml:3: name 'Dev' is not dev");
    });
});
