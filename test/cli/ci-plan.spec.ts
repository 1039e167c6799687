import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import {
    ciPlan,
    CiPlanError,
    parseNameStatus,
    promotionOrder,
    type Change,
    type CiOptions,
    type CiPlan,
} from "../../cli/ci/plan";
import {
    COMMENT_CHARS,
    previewLine,
    renderSummary,
    workflowPlan,
    WORKFLOW_STAGES,
    type PreviewJson,
} from "../../cli/ci/summary";
import { FIXTURE_ROOT } from "../harness/fixture";

const fixture = (file: string) => fs.readFileSync(path.join(FIXTURE_ROOT, file), "utf8");

/** Options as the workflow passes them; the base revision holds the fixture's files unless told. */
const options = (overrides: Partial<CiOptions> = {}): CiOptions => ({
    organization: "acme",
    project: "hub-network",
    deployRoleName: "ci-deployer",
    previewRoleName: "ci-preview",
    exists: (file) => file === "policy-pack/config/prod.json",
    atBase: (file) => (fs.existsSync(path.join(FIXTURE_ROOT, file)) ? fixture(file) : undefined),
    ...overrides,
});
const plan = (changes: Change[], overrides: Partial<CiOptions> = {}) =>
    ciPlan(changes, FIXTURE_ROOT, options(overrides));
const modified = (...paths: string[]): Change[] => paths.map((p) => ({ status: "M", path: p }));
const stacksOf = (p: CiPlan, env: string) =>
    p.environments.find((e) => e.name === env)?.levels.map((level) => level.map((s) => s.stack));

/** The base revision of a change that removes `file`: the fixture as it was, plus that file. */
const withRemoved = (file: string, text: string) => (f: string) =>
    f === file ? text : fs.existsSync(path.join(FIXTURE_ROOT, f)) ? fixture(f) : undefined;

describe("ci-stacks plan", () => {
    describe("creation", () => {
        it("marks a stack whose file the change adds as new, to be created before its preview and update", () => {
            const p = plan([{ status: "A", path: "stacks/config/Pulumi.spoke-orders-dev.yaml" }]);
            expect(p.environments).to.have.length(1);
            const [orders] = p.environments[0].levels[2];
            expect(orders).to.deep.equal({
                stack: "spoke-orders-dev",
                qualifiedName: "acme/hub-network/spoke-orders-dev",
                environment: "dev",
                level: 2,
                account: "444444444444",
                region: "eu-west-1",
                roleArn: "arn:aws:iam::444444444444:role/hub-network-deployer",
                previewRoleArn: "arn:aws:iam::444444444444:role/ci-preview",
                policyConfig: null,
                isNew: true,
            });
        });

        it("keeps existing stacks of the same change as they are", () => {
            const p = plan([
                { status: "A", path: "stacks/config/Pulumi.spoke-orders-dev.yaml" },
                { status: "M", path: "stacks/environments/dev.yaml" },
            ]);
            const dev = p.environments[0].levels.flat();
            expect(dev.filter((s) => s.isNew).map((s) => s.stack)).to.deep.equal(["spoke-orders-dev"]);
            expect(dev).to.have.length(5);
        });

        it("names each stack with its organization, and the hub's roles by name in their accounts", () => {
            const [network] = plan(modified("stacks/environments/prod.yaml")).environments[0].levels[0];
            expect(network).to.include({
                qualifiedName: "acme/hub-network/network-prod",
                roleArn: "arn:aws:iam::111111111112:role/ci-deployer",
                previewRoleArn: "arn:aws:iam::111111111112:role/ci-preview",
                policyConfig: "policy-pack/config/prod.json",
            });
        });
    });

    describe("destruction", () => {
        const orders = "stacks/config/Pulumi.spoke-orders-dev.yaml";

        it("destroys a removed spoke's stack as the base revision describes it, with its deployer role", () => {
            const p = plan([{ status: "D", path: orders }], { atBase: withRemoved(orders, fixture(orders)) });
            expect(p.environments.map((e) => e.name)).to.deep.equal(["dev"]);
            expect(p.environments[0].levels.flat()).to.deep.equal([]);
            expect(p.environments[0].destroy).to.deep.equal([
                {
                    stack: "spoke-orders-dev",
                    qualifiedName: "acme/hub-network/spoke-orders-dev",
                    environment: "dev",
                    level: 2,
                    account: "444444444444",
                    region: "eu-west-1",
                    roleArn: "arn:aws:iam::444444444444:role/hub-network-deployer",
                    previewRoleArn: "arn:aws:iam::444444444444:role/ci-preview",
                    policyConfig: null,
                    isNew: false,
                },
            ]);
        });

        it("refuses to destroy a hub stack whose file is removed, and says how to do it instead", () => {
            const network = "stacks/config/Pulumi.network-dev.yaml";
            expect(() => plan([{ status: "D", path: network }])).to.throw(
                CiPlanError,
                /removing a network stack's file would make CI destroy network-dev.*destroy a hub stack by hand/,
            );
        });

        it("refuses a removed spoke whose account the base environment no longer lists", () => {
            const unlisted = fixture(orders).replace(/444444444444/g, "999999999999");
            expect(() =>
                plan([{ status: "D", path: orders }], { atBase: withRemoved(orders, unlisted) }),
            ).to.throw(CiPlanError, /expected the account to stay listed until its stack is destroyed/);
        });

        it("reads renames as a removal and an addition", () => {
            expect(
                parseNameStatus("M\ta.ts\nR100\tstacks/x.yaml\tstacks/y.yaml\nD\tb\nA\tc\n"),
            ).to.deep.equal([
                { status: "M", path: "a.ts" },
                { status: "D", path: "stacks/x.yaml" },
                { status: "A", path: "stacks/y.yaml" },
                { status: "D", path: "b" },
                { status: "A", path: "c" },
            ]);
        });
    });

    describe("promotion", () => {
        it("promotes development environments first and production last, behind an approval", () => {
            const p = plan(modified("components/network/transit-hub.ts"));
            expect(p.environments.map((e) => [e.name, e.approval])).to.deep.equal([
                ["dev", false],
                ["prod", true],
            ]);
            expect(stacksOf(p, "prod")).to.deep.equal([
                ["network-prod"],
                ["network-prod-dr", "security-prod", "security-prod-dr"],
                ["spoke-app1-prod", "spoke-orders-prod", "spoke-petstore-prod"],
            ]);
        });

        it("follows an explicit order, and refuses one that misses, repeats or invents an environment", () => {
            const profiles = new Map([
                ["dev", "development"],
                ["staging", "development"],
                ["prod", "production"],
                ["qa", "development"],
            ]);
            expect(promotionOrder(profiles)).to.deep.equal(["dev", "qa", "staging", "prod"]);
            expect(promotionOrder(profiles, ["qa", "dev", "staging", "prod"])).to.deep.equal([
                "qa",
                "dev",
                "staging",
                "prod",
            ]);
            let problems: readonly string[] = [];
            try {
                promotionOrder(profiles, ["dev", "dev", "prod", "uat"]);
            } catch (e) {
                problems = (e as CiPlanError).problems;
            }
            expect(problems).to.deep.equal([
                "promotion order names 'uat', which is not an environment; expected one of dev, staging, prod, qa",
                "promotion order leaves out environment 'staging'; expected every environment once",
                "promotion order leaves out environment 'qa'; expected every environment once",
                "promotion order names 'dev' twice; expected it once",
            ]);
        });

        it("gives the workflow one stage per environment, padded to its stage jobs, and refuses more", () => {
            const stages = workflowPlan(plan(modified("components/network/transit-hub.ts"))).stages;
            expect(stages).to.have.length(WORKFLOW_STAGES);
            expect(stages.map((s) => s?.environment ?? null)).to.deep.equal(["dev", "prod", null, null]);
            expect(stages[1]?.levels.map((l) => l.include.length)).to.deep.equal([1, 3, 3]);
            const five: CiPlan = {
                changed: [],
                blastRadius: [],
                environments: ["a", "b", "c", "d", "e"].map((name) => ({
                    name,
                    profile: "development",
                    approval: false,
                    levels: [[], [], []],
                    destroy: [],
                })),
            };
            expect(() => workflowPlan(five)).to.throw(CiPlanError, /add a stage job/);
        });
    });

    describe("blast radius", () => {
        it("says an environment file touches every stack of its environment, and only those", () => {
            const p = plan(modified("stacks/environments/dev.yaml"));
            expect(p.environments.map((e) => e.name)).to.deep.equal(["dev"]);
            expect(p.blastRadius).to.deep.equal([
                {
                    path: "stacks/environments/dev.yaml",
                    stacks: 5,
                    environments: ["dev"],
                    reason: "shared by every stack of dev",
                },
            ]);
        });

        it("says a firewall rules file touches the network stacks of its environment, and only those", () => {
            const p = plan(modified("stacks/firewall/prod.yaml"));
            expect(p.environments.map((e) => e.name)).to.deep.equal(["prod"]);
            expect(stacksOf(p, "prod")?.flat()).to.deep.equal(["network-prod", "network-prod-dr"]);
            expect(p.blastRadius).to.deep.equal([
                {
                    path: "stacks/firewall/prod.yaml",
                    stacks: 2,
                    environments: ["prod"],
                    reason: "the firewall rules of prod",
                },
            ]);
        });

        it("refuses a firewall rules file that belongs to no environment, which nothing would preview", () => {
            expect(() => plan([{ status: "A", path: "stacks/firewall/stagign.yaml" }])).to.throw(
                CiPlanError,
                "stacks/firewall/stagign.yaml is the firewall rules file of 'stagign', which has no environment file; expected stacks/environments/stagign.yaml, or the rules file renamed after an environment (dev, prod)",
            );
        });

        it("counts the program and the pack in every environment, workload code in the spokes only", () => {
            const p = plan(
                modified("components/dns/spoke-zone.ts", "services/items-api/handler.ts", "docs/ci.md"),
            );
            expect(p.blastRadius).to.deep.equal([
                {
                    path: "components/dns/spoke-zone.ts",
                    stacks: 12,
                    environments: ["dev", "prod"],
                    reason: "the program of every stack",
                },
                {
                    path: "services/items-api/handler.ts",
                    stacks: 6,
                    environments: ["dev", "prod"],
                    reason: "workload code of every spoke",
                },
            ]);
        });

        it("counts an environment's policy config in that environment only", () => {
            const p = plan(modified("policy-pack/config/prod.json"));
            expect(p.environments.map((e) => e.name)).to.deep.equal(["prod"]);
            expect(p.blastRadius[0]).to.include({
                stacks: 7,
                reason: "the policy config of every stack of prod",
            });
        });
    });

    describe("the pull-request comment", () => {
        it("states the order, approvals, blast radius, new and destroyed stacks, and each preview", () => {
            const orders = "stacks/config/Pulumi.spoke-orders-dev.yaml";
            const p = plan(
                [
                    { status: "M", path: "stacks/environments/prod.yaml" },
                    { status: "A", path: "stacks/config/Pulumi.spoke-app1-dev.yaml" },
                    { status: "D", path: orders },
                ],
                { atBase: withRemoved(orders, fixture(orders)) },
            );
            const text = renderSummary(
                p,
                new Map<string, PreviewJson>([
                    ["network-prod", { changeSummary: { same: 40, update: 1, replace: 1 } }],
                    [
                        "spoke-app1-prod",
                        {
                            changeSummary: { create: 3 },
                            diagnostics: [
                                { policyName: "a", enforcementLevel: "mandatory" },
                                { policyName: "b", enforcementLevel: "advisory" },
                            ],
                        },
                    ],
                ]),
            );
            expect(text).to.contain("| 1 | dev | 1 | 1 | 1 | no |");
            expect(text).to.contain("| 2 | prod | 7 | 0 | 0 | required |");
            expect(text).to.contain(
                "- `stacks/environments/prod.yaml`: shared by every stack of prod, **7 stacks** (prod).",
            );
            expect(text).to.contain(
                "- `acme/hub-network/spoke-app1-dev`: created on merge, in account 555555555555.",
            );
            expect(text).to.contain(
                "- `acme/hub-network/spoke-orders-dev`: its file is removed; on merge, after an approval",
            );
            expect(text).to.contain("| `network-prod` | 1 update, **1 replace** | passes |  |");
            expect(text).to.contain("| `spoke-app1-prod` | 3 create | **1 mandatory** | 1 advisory |");
            expect(text).to.contain("| `security-prod` | no preview | | |");
        });

        it("embeds each environment's plan summary, else its console summary, and stays under GitHub's comment limit", () => {
            const p = plan(modified("stacks/environments/dev.yaml", "stacks/environments/prod.yaml"));
            const devSummary =
                "### Offline plan of dev\n\n**dev** (preview): 5 stack(s), 1 replace against `main`; passes.\n";
            const text = renderSummary(
                p,
                new Map(),
                new Map([
                    ["dev", "console text of dev"],
                    ["prod", "console text of prod"],
                ]),
                new Map([["dev", devSummary]]),
            );
            expect(text).to.contain(devSummary.trim());
            expect(text).not.to.contain("console text of dev");
            expect(text).to.contain("### Offline plan of prod\n\n```\nconsole text of prod\n```");

            const huge = `### Offline plan of prod\n\n${"| row |\n".repeat(COMMENT_CHARS / 8)}`;
            const capped = renderSummary(
                p,
                new Map(),
                new Map(),
                new Map([
                    ["dev", devSummary],
                    ["prod", huge],
                ]),
            );
            expect(capped.length).to.be.lessThan(COMMENT_CHARS);
            expect(capped).to.contain(devSummary.trim());
            expect(capped).to.contain(
                "Too long for this comment: see the `offline-plan` artefact of this run (`prod/summary.md`, `prod/plan.json`).",
            );
        });

        it("reads a failed preview as an error, not a pass", () => {
            expect(previewLine("x", { diagnostics: [{ severity: "error", message: "boom" }] })).to.equal(
                "| `x` | no changes | 1 error(s) |  |",
            );
        });
    });
});
