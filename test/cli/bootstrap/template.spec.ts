/**
 * The bootstrap templates of the suite's own project: trusts that admit exactly the subjects the
 * workflows present, permissions that the Service Authorization Reference knows and IAM's quotas
 * hold, that allow what the stacks do and refuse what they do not, and CloudFormation resources whose
 * properties the CloudFormation resource specification (`@aws-cdk/aws-service-spec`) knows.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadAwsServiceSpecSync } from "@aws-cdk/aws-service-spec";
import { expect } from "chai";
import type { Document } from "yaml";
import { bootstrapEnvironment, type KindBootstrap } from "../../../cli/bootstrap/bootstrap";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, documentSize } from "../../../cli/bootstrap/policies";
import { TEMPLATE_BODY_LIMIT } from "../../../cli/bootstrap/template";
import { QUOTAS } from "../../../cli/iam/documents";
import { RequestContext } from "../../../cli/iam/conditions";
import { authorize, type IamRequest } from "../../../cli/iam/evaluate";
import { parsePolicy, type PolicyDocument } from "../../../cli/iam/policy";
import { checkAgainstReference } from "../../../cli/iam/service-reference";
import { FIXTURE_ROOT } from "../../harness/fixture";
import { copyProject } from "../../harness";
import { readWorkflows, workflowClaims } from "./workflow-claims";

const REPO = "acme/hub-network";
const ROOT = path.resolve(__dirname, "../../..");
const ACCOUNT = "123456789012";

/** A document as IAM stores it in account ACCOUNT: `${AWS::...}` substituted. */
function resolved(doc: PolicyDocument): PolicyDocument {
    return JSON.parse(
        JSON.stringify(doc)
            .replace(/\$\{AWS::Partition\}/g, "aws")
            .replace(/\$\{AWS::AccountId\}/g, ACCOUNT),
    ) as PolicyDocument;
}

const decide = (
    k: KindBootstrap,
    role: "deploy" | "preview",
    req: Omit<IamRequest, "principal" | "context"> & {
        region?: string;
        context?: Record<string, string>;
    },
) =>
    authorize(
        {
            action: req.action,
            resource: req.resource,
            principal: {
                type: "AWS",
                account: ACCOUNT,
                arn: `arn:aws:iam::${ACCOUNT}:role/${k.roles[role].name}`,
            },
            context: new RequestContext({
                "aws:RequestedRegion": req.region ?? "eu-west-1",
                ...(req.context ?? {}),
            }),
        },
        {
            identity: k.roles[role].policies.map((d, i) => ({
                name: `${role}-${i + 1}`,
                statements: parsePolicy(resolved(d)),
            })),
        },
    ).decision;

describe("bootstrap templates", function () {
    this.timeout(120000);
    let kinds: Record<string, KindBootstrap>;

    before(async () => {
        const built = await bootstrapEnvironment({
            env: "prod",
            repository: REPO,
            deployRoleName: "hub-network-deployer",
            root: FIXTURE_ROOT,
        });
        kinds = Object.fromEntries(built.kinds.map((k) => [k.kind, k]));
        expect(Object.keys(kinds)).to.deep.equal(["network", "security", "spoke"]);
    });

    describe("trust", () => {
        it("admits exactly the subjects the workflows present for each role", () => {
            const claims = workflowClaims(readWorkflows(ROOT), "prod");
            const expected = (role: string) => [
                ...new Set(claims.filter((c) => c.role === role).map((c) => `repo:${REPO}:${c.context}`)),
            ];
            // The workflows deploy only from the GitHub environment, and preview only on pull requests.
            expect(expected("deploy")).to.deep.equal([`repo:${REPO}:environment:prod`]);
            expect(expected("preview")).to.deep.equal([`repo:${REPO}:pull_request`]);
            for (const k of Object.values(kinds)) {
                for (const [role, docs] of [
                    ["deploy", k.roles.deploy],
                    ["preview", k.roles.preview],
                ] as const) {
                    const [s, ...more] = parsePolicy(docs.trust);
                    expect(more, `${k.kind} ${role}`).to.deep.equal([]);
                    expect(s.effect).to.equal("Allow");
                    expect(s.actions).to.deep.equal(["sts:AssumeRoleWithWebIdentity"]);
                    expect(s.principal).to.deep.equal({
                        Federated: [
                            `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:oidc-provider/${GITHUB_OIDC_HOST}`,
                        ],
                    });
                    // StringEquals only: no wildcard subject.
                    expect(s.conditions.map((c) => [c.operator, c.key, c.values])).to.have.deep.members([
                        ["StringEquals", `${GITHUB_OIDC_HOST}:aud`, [GITHUB_OIDC_AUDIENCE]],
                        ["StringEquals", `${GITHUB_OIDC_HOST}:sub`, expected(role)],
                    ]);
                }
            }
        });

        it("fails when a workflow job assumes a role from another context", () => {
            const texts = readWorkflows(ROOT);
            const moved = {
                ...texts,
                "hub-network.yml": texts["hub-network.yml"].replace(
                    "  preview:\n    name: preview ${{ matrix.stack }}\n",
                    "  preview:\n    name: preview ${{ matrix.stack }}\n    environment: ${{ matrix.environment }}\n",
                ),
            };
            expect(moved["hub-network.yml"]).to.not.equal(texts["hub-network.yml"]);
            const previews = workflowClaims(moved, "prod").filter((c) => c.role === "preview");
            expect(previews.map((c) => c.context)).to.include("environment:prod");
        });

        it("uses the role names and audience the workflow uses by default", () => {
            const text = readWorkflows(ROOT)["hub-network.yml"];
            expect(text).to.contain("HUB_NETWORK_DEPLOY_ROLE_NAME || 'hub-network-deployer'");
            expect(text).to.contain(`HUB_NETWORK_PREVIEW_ROLE_NAME || '${kinds.network.roles.preview.name}'`);
            expect(kinds.network.roles.deploy.name).to.equal("hub-network-deployer");
            // configure-aws-credentials requests sts.amazonaws.com unless given an audience.
            const action = fs.readFileSync(
                path.join(ROOT, ".github/actions/pulumi-stack/action.yml"),
                "utf8",
            );
            expect(action).to.contain("aws-actions/configure-aws-credentials@");
            expect(action).to.not.match(/\baudience:/);
        });
    });

    describe("permissions", () => {
        it("pass the Service Authorization Reference and IAM's size quotas", async () => {
            for (const k of Object.values(kinds)) {
                for (const role of [k.roles.deploy, k.roles.preview]) {
                    expect(documentSize(role.trust)).to.be.at.most(QUOTAS.trust.limit);
                    expect(await checkAgainstReference(parsePolicy(role.trust), "trust")).to.deep.equal([]);
                    expect(role.policies.length).to.be.within(1, 10);
                    for (const doc of role.policies) {
                        expect(documentSize(doc), `${k.kind} ${role.name}`).to.be.at.most(
                            QUOTAS.managed.limit,
                        );
                        expect(
                            await checkAgainstReference(parsePolicy(doc), "identity"),
                            `${k.kind} ${role.name}`,
                        ).to.deep.equal([]);
                    }
                }
            }
        });

        it("allow the stacks' calls in the environment's regions only", () => {
            const net = kinds.network;
            expect(decide(net, "deploy", { action: "ec2:CreateTransitGateway", resource: "*" })).to.equal(
                "allow",
            );
            expect(
                decide(net, "deploy", {
                    action: "ec2:CreateTransitGateway",
                    resource: "*",
                    region: "us-west-2",
                }),
            ).to.equal("implicit-deny");
            expect(
                decide(net, "deploy", { action: "network-firewall:CreateFirewall", resource: "*" }),
            ).to.equal("allow");
            // Route 53 is global: its calls are made in us-east-1 whatever the stack's region.
            expect(
                decide(net, "deploy", {
                    action: "route53:CreateHostedZone",
                    resource: "*",
                    region: "us-east-1",
                }),
            ).to.equal("allow");
            // What no stack of the kind declares is not granted.
            expect(decide(net, "deploy", { action: "ecs:CreateCluster", resource: "*" })).to.equal(
                "implicit-deny",
            );
            expect(
                decide(kinds.security, "deploy", { action: "ec2:CreateTransitGateway", resource: "*" }),
            ).to.equal("implicit-deny");
            expect(decide(kinds.spoke, "deploy", { action: "ecs:CreateService", resource: "*" })).to.equal(
                "allow",
            );
        });

        it("manage the account's roles but never the bootstrap's own", () => {
            const spoke = kinds.spoke;
            const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
            expect(
                decide(spoke, "deploy", {
                    action: "iam:PutRolePolicy",
                    resource: role("orders-items-role-1a2b3c4"),
                }),
            ).to.equal("allow");
            for (const own of [spoke.roles.deploy.name, spoke.roles.preview.name]) {
                expect(
                    decide(spoke, "deploy", { action: "iam:PutRolePolicy", resource: role(own) }),
                ).to.equal("explicit-deny");
                expect(
                    decide(spoke, "deploy", { action: "iam:AttachRolePolicy", resource: role(own) }),
                ).to.equal("explicit-deny");
                expect(
                    decide(spoke, "deploy", { action: "iam:UpdateAssumeRolePolicy", resource: role(own) }),
                ).to.equal("explicit-deny");
            }
            const pass = (service: string) =>
                decide(spoke, "deploy", {
                    action: "iam:PassRole",
                    resource: role("orders-items-role-1a2b3c4"),
                    context: { "iam:PassedToService": service },
                });
            expect(pass("lambda.amazonaws.com")).to.equal("allow");
            expect(pass("ecs-tasks.amazonaws.com")).to.equal("allow");
            // No spoke stack launches instances: no role goes to EC2.
            expect(pass("ec2.amazonaws.com")).to.equal("implicit-deny");
            expect(
                decide(kinds.security, "deploy", {
                    action: "iam:PassRole",
                    resource: role("appliances-appliance-1a2b3c4"),
                    context: { "iam:PassedToService": "ec2.amazonaws.com" },
                }),
            ).to.equal("allow");
        });

        it("let a spoke's deployer assume only its environment's onboarding roles, and its preview only the hub's preview roles", () => {
            const spoke = kinds.spoke;
            const network = JSON.stringify(spoke.roles.deploy.policies).match(
                /iam::(\d{12}):role\/hub-network-prod-spoke-onboarding/,
            )?.[1];
            expect(network).to.match(/^\d{12}$/);
            const arn = (name: string) => `arn:aws:iam::${network}:role/${name}`;
            for (const region of ["eu-west-1", "eu-central-1"]) {
                expect(
                    decide(spoke, "deploy", {
                        action: "sts:AssumeRole",
                        resource: arn(`hub-network-prod-spoke-onboarding-${region}`),
                    }),
                ).to.equal("allow");
                expect(
                    decide(spoke, "deploy", {
                        action: "sts:TagSession",
                        resource: arn(`hub-network-prod-spoke-onboarding-${region}`),
                    }),
                ).to.equal("allow");
                expect(
                    decide(spoke, "preview", {
                        action: "sts:AssumeRole",
                        resource: arn(`hub-network-prod-spoke-preview-${region}`),
                    }),
                ).to.equal("allow");
                expect(
                    decide(spoke, "preview", {
                        action: "sts:AssumeRole",
                        resource: arn(`hub-network-prod-spoke-onboarding-${region}`),
                    }),
                ).to.equal("implicit-deny");
            }
            expect(
                decide(spoke, "deploy", {
                    action: "sts:AssumeRole",
                    resource: arn("hub-network-dev-spoke-onboarding-eu-west-1"),
                }),
            ).to.equal("implicit-deny");
            expect(
                decide(kinds.network, "deploy", {
                    action: "sts:AssumeRole",
                    resource: arn("hub-network-prod-spoke-onboarding-eu-west-1"),
                }),
            ).to.equal("implicit-deny");
        });

        it("give the preview role reads only", () => {
            for (const k of Object.values(kinds)) {
                const actions = k.roles.preview.policies.flatMap((d) =>
                    parsePolicy(d).flatMap((s) => s.actions ?? []),
                );
                expect(actions.length).to.be.greaterThan(10);
                const writes = actions.filter(
                    (a) =>
                        !/^[\w-]+:(Describe|Get|List|Search|BatchGet)/.test(a) &&
                        a !== "apigateway:GET" &&
                        a !== "sts:AssumeRole",
                );
                expect(writes, k.kind).to.deep.equal([]);
                expect(decide(k, "preview", { action: "ec2:CreateTags", resource: "*" })).to.equal(
                    "implicit-deny",
                );
            }
        });
    });

    describe("CloudFormation", () => {
        it("declares only resources and properties the resource specification knows, with every required one", () => {
            const db = loadAwsServiceSpecSync();
            for (const k of Object.values(kinds)) {
                const t = k.template;
                expect(JSON.stringify(t).length, k.kind).to.be.at.most(TEMPLATE_BODY_LIMIT);
                for (const [name, r] of Object.entries(t.Resources)) {
                    const found = db.lookup("resource", "cloudFormationType", "equals", r.Type);
                    expect(found.length, `${k.kind} ${name} ${r.Type}`).to.equal(1);
                    const props = found.only().properties;
                    for (const p of Object.keys(r.Properties))
                        expect(props, `${r.Type}.${p}`).to.have.property(p);
                    for (const [p, def] of Object.entries(props))
                        if (def.required) expect(r.Properties, `${r.Type}.${p}`).to.have.property(p);
                    if (r.Condition) expect(t.Conditions).to.have.property(r.Condition);
                }
                // Every Ref names a parameter or a resource of the template.
                for (const [, ref] of JSON.stringify(t).matchAll(/"Ref":"([^"]+)"/g)) {
                    expect([...Object.keys(t.Parameters), ...Object.keys(t.Resources)]).to.include(ref);
                }
            }
        });

        it("uses the account's own provider when told it exists, and names the roles CI assumes", () => {
            const t = kinds.spoke.template;
            const role = t.Resources.DeployRole.Properties as {
                RoleName: string;
                AssumeRolePolicyDocument: { Statement: { Principal: { Federated: unknown } }[] };
            };
            expect(role.RoleName).to.equal("hub-network-deployer");
            expect(role.AssumeRolePolicyDocument.Statement[0].Principal.Federated).to.deep.equal({
                "Fn::If": [
                    "CreateOidcProvider",
                    { Ref: "GitHubOidcProvider" },
                    {
                        "Fn::Sub": `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:oidc-provider/${GITHUB_OIDC_HOST}`,
                    },
                ],
            });
            expect(t.Resources.GitHubOidcProvider.Properties).to.deep.include({
                Url: `https://${GITHUB_OIDC_HOST}`,
                ClientIdList: [GITHUB_OIDC_AUDIENCE],
            });
            const policies = Object.values(t.Resources).filter((r) => r.Type === "AWS::IAM::ManagedPolicy");
            expect(policies.length).to.equal(
                kinds.spoke.roles.deploy.policies.length + kinds.spoke.roles.preview.policies.length,
            );
        });
    });

    describe("with threat detection designated through the management account", () => {
        it("lets the security deployer run the detection services and assume only the management role the environment names", async () => {
            const management = "arn:aws:iam::999999999999:role/hub-network-delegation";
            const root = copyProject({
                "stacks/environments/dev.yaml": (doc: Document) => {
                    doc.set("detection", doc.createNode({ enabled: true, managementRoleArn: management }));
                },
            });
            try {
                const built = await bootstrapEnvironment({
                    env: "dev",
                    repository: REPO,
                    deployRoleName: "hub-network-deployer",
                    root,
                });
                const security = built.kinds.find((k) => k.kind === "security")!;
                expect(
                    decide(security, "deploy", { action: "guardduty:CreateDetector", resource: "*" }),
                ).to.equal("allow");
                expect(
                    decide(security, "deploy", { action: "sts:AssumeRole", resource: management }),
                ).to.equal("allow");
                expect(
                    decide(security, "preview", { action: "sts:AssumeRole", resource: management }),
                ).to.equal("implicit-deny");
                // The designations run as the management role: the deployer gets none of them.
                expect(
                    decide(security, "deploy", {
                        action: "guardduty:EnableOrganizationAdminAccount",
                        resource: "*",
                    }),
                ).to.equal("implicit-deny");
            } finally {
                fs.rmSync(root, { recursive: true, force: true });
            }
        });
    });
});
