/**
 * `npm run bootstrap`: help, every bad flag at once with nothing written, never overwriting, a
 * resource type the action table lacks refused by name, and the templates written for the suite's
 * own fixture project.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { RESOURCE_ACTIONS } from "../../../cli/bootstrap/actions";
import { main } from "../../../cli/bootstrap/main";
import { writeFixtureProject } from "../../support/project-fixture";

async function run(argv: string[], root: string): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
        argv,
        root,
        (l) => out.push(l),
        (l) => err.push(l),
    );
    return { code, out, err };
}

describe("npm run bootstrap", function () {
    this.timeout(120000);
    let root: string;
    let tmp: string;
    before(() => {
        root = writeFixtureProject();
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-bootstrap-"));
    });
    after(() => {
        fs.rmSync(root, { recursive: true, force: true });
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("prints its usage on -h and --help and exits 0", async () => {
        for (const flag of ["-h", "--help"]) {
            const r = await run([flag], root);
            expect(r.code).to.equal(0);
            expect(r.out.join("\n")).to.contain(
                "usage: npm run bootstrap -- --env <env> --github-repo <owner/repo> --out <dir>",
            );
        }
    });

    it("reports every bad flag at once, names value and fix, and writes nothing", async () => {
        const out = path.join(tmp, "bad");
        const r = await run(
            [
                "--env",
                "qq",
                "--github-repo",
                "acme",
                "--out",
                out,
                "--deploy-role-name",
                "a b",
                "--state-bucket",
                "Bad_Bucket",
            ],
            root,
        );
        expect(r.code).to.equal(2);
        const text = r.err.join("\n");
        expect(text).to.contain("bootstrap: nothing written (4 problems)");
        expect(text).to.contain(
            "--env 'qq' has no file stacks/environments/qq.yaml; did you mean qa? expected one of qa",
        );
        expect(text).to.contain("--github-repo 'acme' is not owner/repo; expected e.g. acme/hub-network");
        expect(text).to.contain("--deploy-role-name 'a b' is not an IAM role name");
        expect(text).to.contain("--state-bucket 'Bad_Bucket' is not an S3 bucket name");
        expect(text).to.not.match(/\n\s+at /);
        expect(fs.existsSync(out)).to.equal(false);
    });

    it("says which required flags are missing, and refuses unknown ones", async () => {
        const missing = await run([], root);
        expect(missing.code).to.equal(2);
        expect(missing.err.join("\n"))
            .to.contain("--env is missing")
            .and.contain("--github-repo is missing")
            .and.contain("--out is missing");
        const unknown = await run(["--envv", "qa"], root);
        expect(unknown.code).to.equal(2);
        expect(unknown.err.join("\n")).to.contain("unknown option '--envv'; did you mean --env?");
    });

    it("never overwrites a template", async () => {
        const out = path.join(tmp, "taken");
        fs.mkdirSync(out);
        fs.writeFileSync(path.join(out, "spoke.json"), "{}");
        const r = await run(["--env", "qa", "--github-repo", "acme/hub-network", "--out", out], root);
        expect(r.code).to.equal(2);
        expect(r.err.join("\n")).to.contain(`--out '${out}' already holds spoke.json`);
        expect(fs.readFileSync(path.join(out, "spoke.json"), "utf8")).to.equal("{}");
        expect(fs.readdirSync(out)).to.deep.equal(["spoke.json"]);
    });

    it("refuses a resource type the action table lacks, naming it and where to add it", async () => {
        const table = RESOURCE_ACTIONS as Record<string, unknown>;
        const type = "aws:route53/resolverEndpoint:ResolverEndpoint";
        const saved = table[type];
        delete table[type];
        try {
            const out = path.join(tmp, "lacking");
            const r = await run(["--env", "qa", "--github-repo", "acme/hub-network", "--out", out], root);
            expect(r.code).to.equal(2);
            expect(r.err.join("\n")).to.contain(
                `network stacks (network-qa) declare '${type}', which the bootstrap's action table does not know; add its row`,
            );
            expect(fs.existsSync(out)).to.equal(false);
        } finally {
            table[type] = saved;
        }
    });

    it("refuses spoke accounts whose deployer roles differ in name: one template serves them all", async () => {
        const env = fs
            .readFileSync(path.join(root, "stacks/environments/qa.yaml"), "utf8")
            .replace(
                "      deployerRoleArn: arn:aws:iam::210000000003:role/deployer\n",
                '      deployerRoleArn: arn:aws:iam::210000000003:role/deployer\n    - id: "210000000004"\n      deployerRoleArn: arn:aws:iam::210000000004:role/other\n',
            );
        const other = writeFixtureProject({ "stacks/environments/qa.yaml": env });
        try {
            const r = await run(
                ["--env", "qa", "--github-repo", "acme/hub-network", "--out", path.join(tmp, "two")],
                other,
            );
            expect(r.code).to.equal(2);
            expect(r.err.join("\n")).to.contain(
                "stacks/environments/qa.yaml: accounts.spokes name 2 deployer roles (deployer, other); the spoke template creates one role",
            );
        } finally {
            fs.rmSync(other, { recursive: true, force: true });
        }
    });

    it("writes one template per account kind, with its roles against IAM's quotas", async () => {
        const out = path.join(tmp, "qa");
        const r = await run(
            [
                "--env",
                "qa",
                "--github-repo",
                "acme/hub-network",
                "--out",
                out,
                "--state-bucket",
                "acme-pulumi-state",
            ],
            root,
        );
        expect(r.err).to.deep.equal([]);
        expect(r.code).to.equal(0);
        expect(fs.readdirSync(out).sort()).to.deep.equal(["network.json", "security.json", "spoke.json"]);
        expect(r.out.join("\n")).to.match(
            /hub-network-deployer: \d+ managed polic(y|ies), largest \d+\/6144 characters; trust \d+\/2048/,
        );
        const spoke = JSON.parse(fs.readFileSync(path.join(out, "spoke.json"), "utf8")) as {
            Resources: Record<
                string,
                { Type: string; Properties: { RoleName?: string; PolicyDocument?: unknown } }
            >;
        };
        // The fixture's spoke account gives its own deployer role, named `deployer`.
        expect(spoke.Resources.DeployRole.Properties.RoleName).to.equal("deployer");
        const text = JSON.stringify(spoke);
        expect(text).to.contain("repo:acme/hub-network:environment:qa");
        expect(text).to.contain("arn:${AWS::Partition}:s3:::acme-pulumi-state/.pulumi/locks/*");
    });
});

describe("npm run bootstrap -- --check", function () {
    this.timeout(120000);
    let root: string;
    let dir: string;
    const args = (repo = "acme/hub-network") => ["--env", "qa", "--github-repo", repo, "--check", dir];
    before(async () => {
        root = writeFixtureProject();
        dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-bootstrap-")), "qa");
        expect(
            (await run(["--env", "qa", "--github-repo", "acme/hub-network", "--out", dir], root)).code,
        ).to.equal(0);
    });
    after(() => {
        fs.rmSync(root, { recursive: true, force: true });
        fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    });

    it("passes templates that grant what the stacks need", async () => {
        const r = await run(args(), root);
        expect(r.err).to.deep.equal([]);
        expect(r.code).to.equal(0);
        expect(r.out.join("\n")).to.contain(
            "grant everything the network, security, spoke stacks of qa need",
        );
    });

    it("names the grants a deployed template lacks, and a trust for another repository", async () => {
        const file = path.join(dir, "spoke.json");
        const saved = fs.readFileSync(file, "utf8");
        try {
            fs.writeFileSync(file, saved.replace('"lambda:CreateFunction",', ""));
            const r = await run(args(), root);
            expect(r.code).to.equal(1);
            expect(r.err.join("\n")).to.contain(
                `${file}: deployer lacks 1 grant(s) the spoke stacks need now: lambda:CreateFunction`,
            );
            const other = await run(args("acme/other"), root);
            expect(other.code).to.equal(1);
            expect(other.err.join("\n")).to.contain(
                "trust differs from the subjects the workflows present now",
            );
        } finally {
            fs.writeFileSync(file, saved);
        }
    });

    it("refuses --out together with --check, and a folder that is not there", async () => {
        const r = await run([...args(), "--out", path.join(dir, "x")], root);
        expect(r.code).to.equal(2);
        expect(r.err.join("\n")).to.contain("--out and --check are both given");
        const missing = await run(
            ["--env", "qa", "--github-repo", "acme/hub-network", "--check", "/nonexistent/qa"],
            root,
        );
        expect(missing.err.join("\n")).to.contain("--check '/nonexistent/qa' is not a folder");
    });
});
