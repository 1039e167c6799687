/**
 * The access matrix of the suite's dev and prod environments (every region's hub): spoke A against
 * its own attachment and zone, spoke B's, the hub's own attachments and an unlisted account's. Only
 * its own is allowed. The matrix runs over the policies the network stacks produce.
 */
import { expect } from "chai";
import { loadEnvironment } from "../../stacks/schema/stack-config";
import { FIXTURE_ROOT, runFixtureStack, type Recorded } from "../harness";
import { ATTACHMENT_OPERATIONS, onlyOwn, tenancyMatrix, type MatrixInput } from "./matrix";

async function hubs(env: string): Promise<Recorded[]> {
    const primary = await runFixtureStack(`network-${env}`);
    const { environment } = loadEnvironment(env, undefined, FIXTURE_ROOT);
    if (!environment.regions.dr) return [primary];
    const dr = await runFixtureStack(`network-${env}-dr`, {
        stackOutputs: { [`network-${env}`]: primary.outputs },
    });
    return [primary, dr];
}

function input(env: string, network: Recorded): MatrixInput {
    const { environment } = loadEnvironment(env, undefined, FIXTURE_ROOT);
    const [a, b] = environment.accounts.spokes;
    const listed = new Set(environment.accounts.spokes.map((s) => s.id));
    const unlisted = ["999999999990", "999999999991"].find((id) => !listed.has(id))!;
    return {
        network,
        a: a.id,
        b: b.id,
        unlisted,
        deployerArn: (account) => environment.accounts.spokes.find((s) => s.id === account)!.deployerRoleArn,
        organizationId: environment.organization.arn.split("/").pop()!,
    };
}

describe("tenancy: the access matrix", () => {
    for (const env of ["dev", "prod"]) {
        it(`lets spoke A act only on its own attachment and zone in every hub of ${env}`, async () => {
            for (const network of await hubs(env)) {
                const matrix = tenancyMatrix(input(env, network));
                expect(onlyOwn(matrix), network.stack).to.deep.equal([]);
                expect(Object.values(matrix.attachments.own).every(Boolean)).to.equal(true);
            }
        });
    }

    it("says why the registrar refuses a zone A owns under another name", async () => {
        const [network] = await hubs("dev");
        const matrix = tenancyMatrix(input("dev", network));
        const config = input("dev", network);
        expect(matrix.zoneRefusals["B's name"]).to.match(
            new RegExp(
                `^Z\\w+ is named \\S+; account ${config.a} \\(spoke '\\S+'\\) may register only \\S+$`,
            ),
        );
        expect(Object.keys(matrix.zoneRefusals)).to.have.members([
            "B's name",
            "more specific name under B's",
        ]);
    });

    it("fails for a preview role that can change the hub", async () => {
        const [network] = await hubs("dev");
        // A preview role granted writes, as one copied from a deploy role would be.
        const writes = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["ec2:*", "lambda:InvokeFunction"], Resource: "*" }],
        });
        const writable = {
            ...network,
            resources: network.resources.map((r) =>
                r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "spoke-preview-policy"
                    ? { ...r, inputs: { ...r.inputs, policy: writes } }
                    : r,
            ),
        };
        const wrong = onlyOwn(tenancyMatrix(input("dev", writable)));
        expect(wrong).to.include("A's preview may ec2:AcceptTransitGatewayVpcAttachment");
        expect(wrong).to.include("A's preview may ec2:DeleteTransitGatewayVpcAttachment");
        expect(wrong).to.include("A's preview may lambda:InvokeFunction");
    });

    it("fails for a role whose attachment and zone statements do not check the owner", async () => {
        // What the matrix must catch: the hub's VPN attachment, B's attachment and B's names exposed.
        const [network] = await hubs("dev");
        const former = {
            ...network,
            resources: network.resources.map((r) =>
                r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "spoke-onboarding-policy"
                    ? {
                          ...r,
                          inputs: {
                              ...r.inputs,
                              policy: JSON.stringify({
                                  Version: "2012-10-17",
                                  Statement: [
                                      {
                                          Effect: "Allow",
                                          Action: [
                                              "ec2:AcceptTransitGatewayVpcAttachment",
                                              "ec2:CreateTags",
                                              "ec2:DeleteTags",
                                              "ec2:DeleteTransitGatewayVpcAttachment",
                                              "ec2:AssociateTransitGatewayRouteTable",
                                              "ec2:DisassociateTransitGatewayRouteTable",
                                              "ec2:EnableTransitGatewayRouteTablePropagation",
                                              "ec2:DisableTransitGatewayRouteTablePropagation",
                                          ],
                                          Resource: "*",
                                      },
                                      {
                                          Effect: "Allow",
                                          Action: [
                                              "route53:AssociateVPCWithHostedZone",
                                              "route53:DisassociateVPCFromHostedZone",
                                          ],
                                          Resource: "arn:aws:route53:::hostedzone/*",
                                      },
                                  ],
                              }),
                          },
                      }
                    : r,
            ),
        };
        const wrong = onlyOwn(tenancyMatrix(input("dev", former)));
        for (const op of ATTACHMENT_OPERATIONS) {
            expect(wrong).to.include(`attachment VPN x ${op}: allowed`);
            expect(wrong).to.include(`attachment B's x ${op}: allowed`);
        }
        expect(wrong).to.include("zone more specific name under B's x associate: allowed");
        expect(wrong).to.include("A may disassociate B's zone from the hub VPC");
    });
});
