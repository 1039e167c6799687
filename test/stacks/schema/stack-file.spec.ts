import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { stacksOf } from "../../../cli/plan/stacks";
import { ConfigError } from "../../../stacks/schema/errors";
import { QA_STACKS, writeFixtureProject } from "../../support/project-fixture";

const NETWORK = "stacks/config/Pulumi.network-qa.yaml";
const SPOKE = "stacks/config/Pulumi.spoke-web-qa.yaml";

/** The problems discovery reports for the fixture with `files` replaced, as printed lines. */
function refused(files: Record<string, string | Buffer>, env = "qa"): string[] {
    const root = writeFixtureProject(files);
    try {
        stacksOf(env, root);
    } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        return (error as ConfigError).message
            .split("\n")
            .slice(1)
            .map((l) => l.trim());
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
    return expect.fail("expected discovery to refuse the files");
}

describe("stack files (discovery)", () => {
    it("finds every stack of the fixture when its files are sound", () => {
        const root = writeFixtureProject();
        expect(stacksOf("qa", root).map((s) => s.name)).to.deep.equal([
            "network-qa",
            "security-qa",
            "spoke-web-qa",
        ]);
        fs.rmSync(root, { recursive: true, force: true });
    });

    describe("refuses a file it cannot read as a stack file, never skipping it", () => {
        const cases: [string, string | Buffer, string][] = [
            ["an empty file", "", `${SPOKE}: (file) is empty; expected a YAML mapping`],
            [
                "a file of comments only",
                "# nothing yet\n",
                `${SPOKE}: (file) is only comments; expected a YAML mapping`,
            ],
            ["a top-level list", "- config\n", `${SPOKE}:1: (top level) is a list; expected a YAML mapping`],
            [
                "binary content",
                Buffer.from([0x63, 0x6f, 0x6e, 0x0a, 0x00, 0xff]),
                `${SPOKE}:2: (file) is not text`,
            ],
            [
                "a file truncated inside a quoted value",
                QA_STACKS["spoke-web-qa"].replace(/owner: [\s\S]*$/, 'owner: "web-team@exa'),
                `${SPOKE}:9: (YAML) is not valid YAML: Missing closing "quote`,
            ],
            [
                "confg: instead of config:",
                "confg:\n  aws:region: eu-west-1\n",
                `${SPOKE}:1: confg is not a stack file key; expected config`,
            ],
            [
                "a YAML tag",
                "config: !!python/object:os.system x\n",
                `${SPOKE}:1: (YAML) uses the tag '!!python/object:os.system'`,
            ],
            [
                "a config that is a list",
                "config:\n  - a\n",
                `${SPOKE}:1: config '["a"]' is a list; expected a mapping`,
            ],
        ];
        for (const [what, content, expected] of cases) {
            it(what, () => {
                const lines = refused({ [SPOKE]: content });
                expect(
                    lines.some((l) => l.startsWith(expected)),
                    lines.join("\n"),
                ).to.equal(true);
            });
        }
    });

    it("refuses a misspelt or missing hub-network:environment instead of leaving the stack out", () => {
        const misspelt = QA_STACKS["spoke-web-qa"].replace(
            "hub-network:environment: qa",
            "hub-network:environmnet: qa",
        );
        expect(refused({ [SPOKE]: misspelt })).to.include.members([
            `${SPOKE}:5: hub-network:environmnet is not a key this project reads; expected hub-network:environment`,
            `${SPOKE}:1: hub-network:environment is missing; expected the environment the stack belongs to, e.g. dev (a file in stacks/environments)`,
        ]);
        const typo = QA_STACKS["spoke-web-qa"].replace(
            "hub-network:environment: qa",
            "hub-network:environment: qaa",
        );
        expect(refused({ [SPOKE]: typo })[0]).to.equal(
            `${SPOKE}:5: hub-network:environment 'qaa' is not an environment of this project; expected qa (files in stacks/environments)`,
        );
    });

    it("refuses a misspelt aws: key, so the account pin cannot silently disappear", () => {
        const text = QA_STACKS["network-qa"].replace("aws:allowedAccountIds", "aws:allowedAcountIds");
        expect(refused({ [NETWORK]: text })).to.deep.equal([
            `${NETWORK}:3: aws:allowedAcountIds is not an AWS provider setting; expected aws:allowedAccountIds`,
            `${NETWORK}:1: aws:allowedAccountIds is missing; expected the account the stack may deploy into, e.g. ["111111111111"]: without it a wrong credential deploys into another account`,
        ]);
    });

    it("refuses an account pin of another account, naming the right one", () => {
        const text = QA_STACKS["network-qa"].replace('["210000000001"]', '["210000000002"]');
        expect(refused({ [NETWORK]: text })).to.deep.equal([
            `${NETWORK}:3: aws:allowedAccountIds '["210000000002"]' is not the network account of stacks/environments/qa.yaml; expected ["210000000001"]`,
        ]);
    });

    it("refuses a role or environment that disagrees with the stack's name", () => {
        const role = QA_STACKS["network-qa"].replace("role: network", "role: security");
        expect(refused({ [NETWORK]: role })).to.include(
            `${NETWORK}:4: hub-network:role 'security' does not match the stack name network-qa; expected the file to be named stacks/config/Pulumi.security-qa.yaml, or the file's keys to match its name`,
        );
        const root = writeFixtureProject({
            "stacks/environments/prod.yaml": fs
                .readFileSync(path.join(writeFixtureProject(), "stacks/environments/qa.yaml"), "utf8")
                .replace("name: qa", "name: prod"),
        });
        const wrongEnv = QA_STACKS["network-qa"].replace("environment: qa", "environment: prod");
        fs.writeFileSync(path.join(root, NETWORK), wrongEnv);
        for (const env of ["qa", "prod"]) {
            expect(() => stacksOf(env, root)).to.throw(
                ConfigError,
                `${NETWORK}:5: hub-network:environment 'prod' names environment prod, but the stack network-qa is of qa`,
            );
        }
    });

    it("refuses a namespace nothing reads and a key without one", () => {
        const text = QA_STACKS["network-qa"] + "  awss:region: eu-west-1\n  region: eu-west-1\n";
        expect(refused({ [NETWORK]: text })).to.deep.equal([
            `${NETWORK}:6: awss:region is in namespace 'awss', which nothing here reads; expected aws:region`,
            `${NETWORK}:7: region has no namespace; expected hub-network:region (Pulumi reads only namespaced keys)`,
        ]);
    });

    it("refuses a stack file Pulumi would never read", () => {
        expect(refused({ "stacks/config/Pulumi.spoke-api-qa.yml": QA_STACKS["spoke-web-qa"] })).to.deep.equal(
            [
                "stacks/config/Pulumi.spoke-api-qa.yml: (file name) is not read by Pulumi, which looks for Pulumi.<stack>.yaml; expected that name, or move the file out of stacks/config",
            ],
        );
    });

    it("leaves another environment's broken file to that environment", () => {
        const root = writeFixtureProject({ "stacks/config/Pulumi.spoke-x-prod.yaml": "" });
        const prod = fs.readFileSync(path.join(root, "stacks/environments/qa.yaml"), "utf8");
        fs.writeFileSync(
            path.join(root, "stacks/environments/prod.yaml"),
            prod.replace("name: qa", "name: prod"),
        );
        expect(stacksOf("qa", root).map((s) => s.name)).to.have.length(3);
        fs.rmSync(root, { recursive: true, force: true });
    });
});
