import { expect } from "chai";
import fc from "fast-check";
import {
    cidrContains,
    cidrsOverlap,
    ipInCidr,
    parseCidr,
    planSubnets,
    SubnetPlanArgs,
    SubnetPlanError,
    subdivide,
} from "../../../components/network/subnet-plan";

const AZS = ["eu-west-1a", "eu-west-1b"];

/** Runs `fn` and returns the SubnetPlanError it throws (fails the test if it throws nothing or something else). */
function planError(fn: () => unknown): SubnetPlanError {
    try {
        fn();
    } catch (e) {
        expect(e).to.be.instanceOf(SubnetPlanError);
        return e as SubnetPlanError;
    }
    expect.fail("expected a SubnetPlanError");
}

function toIp(n: bigint): string {
    return [24n, 16n, 8n, 0n].map((shift) => String((n >> shift) & 255n)).join(".");
}

describe("planSubnets", () => {
    const hub = planSubnets({
        vpcCidr: "10.64.0.0/24",
        availabilityZones: AZS,
        tiers: [
            { name: "tgw", prefixLength: 28 },
            { name: "firewall", prefixLength: 28 },
            { name: "public", prefixLength: 28 },
        ],
    });

    it("plans the worked example tier by tier, AZ by AZ, with exact CIDRs", () => {
        expect(hub.vpcCidr).to.equal("10.64.0.0/24");
        expect(hub.subnets).to.deep.equal([
            { tier: "tgw", availabilityZone: "eu-west-1a", azIndex: 0, cidr: "10.64.0.0/28" },
            { tier: "tgw", availabilityZone: "eu-west-1b", azIndex: 1, cidr: "10.64.0.16/28" },
            { tier: "firewall", availabilityZone: "eu-west-1a", azIndex: 0, cidr: "10.64.0.32/28" },
            { tier: "firewall", availabilityZone: "eu-west-1b", azIndex: 1, cidr: "10.64.0.48/28" },
            { tier: "public", availabilityZone: "eu-west-1a", azIndex: 0, cidr: "10.64.0.64/28" },
            { tier: "public", availabilityZone: "eu-west-1b", azIndex: 1, cidr: "10.64.0.80/28" },
        ]);
    });

    it("looks up a subnet's CIDR by tier and AZ and lists a tier's subnets", () => {
        expect(hub.cidr("firewall", "eu-west-1b")).to.equal("10.64.0.48/28");
        expect(hub.tier("public").map((s) => s.cidr)).to.deep.equal(["10.64.0.64/28", "10.64.0.80/28"]);
    });

    it("names the unknown tier or AZ in look-up errors", () => {
        expect(planError(() => hub.cidr("private", "eu-west-1a")).message).to.contain(
            "unknown tier 'private'",
        );
        expect(planError(() => hub.tier("private")).message).to.contain("known: tgw, firewall, public");
        const azError = planError(() => hub.cidr("tgw", "eu-west-1c")).message;
        expect(azError).to.contain("unknown availability zone 'eu-west-1c'").and.contain("'tgw'");
    });

    it("keeps existing subnets in place when an AZ is added within reservedAzSlots", () => {
        const tiers = [
            { name: "tgw", prefixLength: 28 },
            { name: "public", prefixLength: 27 },
        ];
        const before = planSubnets({
            vpcCidr: "10.64.0.0/24",
            availabilityZones: AZS,
            tiers,
            reservedAzSlots: 3,
        });
        const after = planSubnets({
            vpcCidr: "10.64.0.0/24",
            availabilityZones: [...AZS, "eu-west-1c"],
            tiers,
            reservedAzSlots: 3,
        });
        expect(before.subnets.map((s) => s.cidr)).to.deep.equal([
            "10.64.0.0/28",
            "10.64.0.16/28",
            "10.64.0.64/27",
            "10.64.0.96/27",
        ]);
        for (const s of before.subnets) expect(after.cidr(s.tier, s.availabilityZone)).to.equal(s.cidr);
        expect(after.cidr("tgw", "eu-west-1c")).to.equal("10.64.0.32/28");
        expect(after.cidr("public", "eu-west-1c")).to.equal("10.64.0.128/27");
    });

    it("aligns each tier's block to its subnet size when sizes are mixed", () => {
        const plan = planSubnets({
            vpcCidr: "10.0.0.0/24",
            availabilityZones: AZS,
            tiers: [
                { name: "small", prefixLength: 28 },
                { name: "big", prefixLength: 26 },
            ],
        });
        expect(plan.subnets.map((s) => s.cidr)).to.deep.equal([
            "10.0.0.0/28",
            "10.0.0.16/28",
            "10.0.0.64/26",
            "10.0.0.128/26",
        ]);
    });

    it("explains a tier that does not fit with the VPC, tier, addresses needed vs available and the fix", () => {
        const message = planError(() =>
            planSubnets({
                vpcCidr: "10.64.0.0/26",
                availabilityZones: [...AZS, "eu-west-1c"],
                tiers: [
                    { name: "tgw", prefixLength: 28 },
                    { name: "public", prefixLength: 28 },
                ],
            }),
        ).message;
        expect(message).to.equal(
            "subnet plan for 10.64.0.0/26: tier 'public' (3 x /28) does not fit: needs 48 more addresses " +
                "after 48 used, the VPC has 64; use a larger VPC CIDR or smaller tiers",
        );
    });

    it("counts alignment padding as used when a tier does not fit", () => {
        const message = planError(() =>
            planSubnets({
                vpcCidr: "10.64.0.0/26",
                availabilityZones: ["a"],
                tiers: [
                    { name: "small", prefixLength: 28 },
                    { name: "big", prefixLength: 26 },
                ],
            }),
        ).message;
        expect(message)
            .to.contain("tier 'big' (1 x /26)")
            .and.contain("needs 64 more addresses after 64 used");
        expect(message).to.contain("48 of alignment padding").and.contain("the VPC has 64");
    });

    it("rejects a malformed VPC CIDR, naming the value", () => {
        for (const bad of [
            "10.64.0.0",
            "10.64.0/24",
            "10.64.0.0/33",
            "10.64.0.256/24",
            "banana",
            "10.64.0.0/024",
        ]) {
            expect(
                planError(() => planSubnets({ vpcCidr: bad, availabilityZones: AZS, tiers: [] })).message,
            ).to.contain(bad);
        }
    });

    it("rejects a VPC CIDR with host bits set and suggests the network address", () => {
        const message = planError(() => parseCidr("10.0.0.1/24")).message;
        expect(message).to.equal("10.0.0.1/24 has host bits set; did you mean 10.0.0.0/24?");
        expect(
            planError(() =>
                planSubnets({
                    vpcCidr: "10.64.0.8/24",
                    availabilityZones: AZS,
                    tiers: [{ name: "a", prefixLength: 28 }],
                }),
            ).message,
        ).to.contain("did you mean 10.64.0.0/24?");
    });

    it("rejects a VPC prefix outside AWS's /16../28 range", () => {
        const message = planError(() =>
            planSubnets({
                vpcCidr: "10.0.0.0/8",
                availabilityZones: AZS,
                tiers: [{ name: "a", prefixLength: 24 }],
            }),
        ).message;
        expect(message).to.contain("vpcCidr 10.0.0.0/8").and.contain("/8");
    });

    it("rejects tier prefix lengths outside 16..28, naming the tier and value", () => {
        for (const prefixLength of [15, 29, 32, 24.5]) {
            const message = planError(() =>
                planSubnets({
                    vpcCidr: "10.0.0.0/16",
                    availabilityZones: AZS,
                    tiers: [{ name: "odd", prefixLength }],
                }),
            ).message;
            expect(message)
                .to.contain("tier 'odd'")
                .and.contain(`prefixLength ${prefixLength}`)
                .and.contain("16..28");
        }
    });

    it("rejects a tier larger than the VPC", () => {
        const message = planError(() =>
            planSubnets({
                vpcCidr: "10.0.0.0/24",
                availabilityZones: AZS,
                tiers: [{ name: "huge", prefixLength: 23 }],
            }),
        ).message;
        expect(message)
            .to.contain("tier 'huge'")
            .and.contain("/23")
            .and.contain("larger than the VPC 10.0.0.0/24");
    });

    it("rejects duplicate and malformed tier names", () => {
        const tier = { name: "public", prefixLength: 28 };
        const dup = planError(() =>
            planSubnets({ vpcCidr: "10.0.0.0/24", availabilityZones: AZS, tiers: [tier, tier] }),
        );
        expect(dup.message).to.contain("duplicate tier name 'public'");
        for (const name of ["Public", "pub lic", "", "-public", "public_a"]) {
            const message = planError(() =>
                planSubnets({
                    vpcCidr: "10.0.0.0/24",
                    availabilityZones: AZS,
                    tiers: [{ name, prefixLength: 28 }],
                }),
            ).message;
            expect(message)
                .to.contain(JSON.stringify(name))
                .and.contain("lowercase letters, digits and dashes");
        }
    });

    it("rejects an empty or duplicated AZ list", () => {
        const tiers = [{ name: "a", prefixLength: 28 }];
        expect(
            planError(() => planSubnets({ vpcCidr: "10.0.0.0/24", availabilityZones: [], tiers })).message,
        ).to.contain("availabilityZones must list at least one AZ");
        const dup = planError(() =>
            planSubnets({ vpcCidr: "10.0.0.0/24", availabilityZones: ["eu-west-1a", "eu-west-1a"], tiers }),
        );
        expect(dup.message).to.contain("duplicate AZ 'eu-west-1a'");
    });

    it("rejects reservedAzSlots below the number of AZs", () => {
        const message = planError(() =>
            planSubnets({
                vpcCidr: "10.0.0.0/24",
                availabilityZones: AZS,
                tiers: [{ name: "a", prefixLength: 28 }],
                reservedAzSlots: 1,
            }),
        ).message;
        expect(message).to.contain("reservedAzSlots 1").and.contain("(2)");
    });

    it("gives fixed host addresses inside a planned subnet", () => {
        // tgw in eu-west-1b is 10.64.0.16/28
        expect(hub.hostAddress("tgw", "eu-west-1b", 4)).to.equal("10.64.0.20");
        expect(hub.hostAddress("tgw", "eu-west-1b", 14)).to.equal("10.64.0.30");
        expect(hub.hostAddress("public", "eu-west-1a", 10)).to.equal("10.64.0.74");
    });

    it("rejects host offsets reserved by AWS (the first 4 and the broadcast address)", () => {
        for (const offset of [0, 1, 2, 3, 15]) {
            const message = planError(() => hub.hostAddress("tgw", "eu-west-1b", offset)).message;
            expect(message)
                .to.contain(`offset ${offset}`)
                .and.contain("reserved by AWS")
                .and.contain("4..14");
        }
    });

    it("rejects host offsets outside the subnet", () => {
        for (const offset of [-1, 16, 1000, 4.5, Number.NaN]) {
            const message = planError(() => hub.hostAddress("tgw", "eu-west-1b", offset)).message;
            expect(message)
                .to.contain("10.64.0.16/28")
                .and.contain("outside the subnet")
                .and.contain("tier 'tgw'");
        }
        expect(planError(() => hub.hostAddress("nope", "eu-west-1b", 5)).message).to.contain(
            "unknown tier 'nope'",
        );
    });

    describe("properties", () => {
        const planArgs: fc.Arbitrary<SubnetPlanArgs> = fc
            .integer({ min: 16, max: 24 })
            .chain((vpcPrefix) =>
                fc.record({
                    vpcPrefix: fc.constant(vpcPrefix),
                    block: fc.integer({ min: 0, max: 2 ** (vpcPrefix - 8) - 1 }),
                    azCount: fc.integer({ min: 1, max: 4 }),
                    extraSlots: fc.integer({ min: 0, max: 2 }),
                    useReserved: fc.boolean(),
                    tierPrefixes: fc.array(fc.integer({ min: vpcPrefix + 1, max: 28 }), {
                        minLength: 1,
                        maxLength: 4,
                    }),
                }),
            )
            .map(({ vpcPrefix, block, azCount, extraSlots, useReserved, tierPrefixes }) => {
                const base = (10n << 24n) + BigInt(block) * (1n << BigInt(32 - vpcPrefix));
                const availabilityZones = Array.from({ length: azCount }, (_, i) => `az-${i}`);
                return {
                    vpcCidr: `${toIp(base)}/${vpcPrefix}`,
                    availabilityZones,
                    tiers: tierPrefixes.map((prefixLength, i) => ({ name: `tier-${i}`, prefixLength })),
                    reservedAzSlots: useReserved ? azCount + extraSlots : undefined,
                };
            });

        it("plans non-overlapping, aligned subnets inside the VPC, or throws only SubnetPlanError", () => {
            let planned = 0;
            fc.assert(
                fc.property(planArgs, (args) => {
                    let plan;
                    try {
                        plan = planSubnets(args);
                    } catch (e) {
                        expect(e).to.be.instanceOf(SubnetPlanError);
                        return;
                    }
                    planned++;
                    const subnets = plan.subnets;
                    expect(subnets).to.have.length(args.tiers.length * args.availabilityZones.length);
                    for (const [i, s] of subnets.entries()) {
                        expect(cidrContains(args.vpcCidr, s.cidr), `${s.cidr} in ${args.vpcCidr}`).to.equal(
                            true,
                        );
                        const { network, prefixLength } = parseCidr(s.cidr);
                        expect(network % (1n << BigInt(32 - prefixLength))).to.equal(0n);
                        for (const other of subnets.slice(i + 1)) {
                            expect(cidrsOverlap(s.cidr, other.cidr), `${s.cidr} vs ${other.cidr}`).to.equal(
                                false,
                            );
                        }
                    }
                    expect(planSubnets(args).subnets).to.deep.equal(subnets);
                }),
                { numRuns: 500 },
            );
            expect(planned, "some generated plans should succeed").to.be.greaterThan(0);
        });

        it("throws only SubnetPlanError for arbitrary junk input", () => {
            fc.assert(
                fc.property(
                    fc.oneof(
                        fc.string(),
                        fc.ipV4().map((ip) => `${ip}/24`),
                        fc.constant("10.0.0.0/16"),
                    ),
                    fc.array(fc.string(), { maxLength: 3 }),
                    fc.array(
                        fc.record({ name: fc.string(), prefixLength: fc.integer({ min: 0, max: 40 }) }),
                        {
                            maxLength: 3,
                        },
                    ),
                    fc.option(fc.integer({ min: -2, max: 5 }), { nil: undefined }),
                    (vpcCidr, availabilityZones, tiers, reservedAzSlots) => {
                        try {
                            planSubnets({ vpcCidr, availabilityZones, tiers, reservedAzSlots });
                        } catch (e) {
                            expect(e).to.be.instanceOf(SubnetPlanError);
                        }
                    },
                ),
            );
        });

        const cidr = fc
            .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }))
            .map(([address, prefix]) => {
                const size = 1n << BigInt(32 - prefix);
                return `${toIp((BigInt(address) / size) * size)}/${prefix}`;
            });

        it("cidrContains implies cidrsOverlap, and overlap is symmetric", () => {
            fc.assert(
                fc.property(cidr, cidr, (a, b) => {
                    expect(cidrsOverlap(a, b)).to.equal(cidrsOverlap(b, a));
                    if (cidrContains(a, b)) expect(cidrsOverlap(a, b)).to.equal(true);
                    expect(cidrContains(a, a)).to.equal(true);
                    // Aligned CIDRs either nest or are disjoint.
                    expect(cidrsOverlap(a, b)).to.equal(cidrContains(a, b) || cidrContains(b, a));
                }),
            );
        });

        it("ipInCidr agrees with containment of the /32", () => {
            fc.assert(
                fc.property(fc.ipV4(), cidr, (ip, c) => {
                    expect(ipInCidr(ip, c)).to.equal(cidrContains(c, `${ip}/32`));
                }),
            );
        });
    });
});

describe("subdivide", () => {
    it("splits a range into equal parts in address order", () => {
        expect(subdivide("10.72.0.0/13", 14)).to.deep.equal(["10.72.0.0/14", "10.76.0.0/14"]);
        expect(subdivide("10.64.0.0/24", 26)).to.deep.equal([
            "10.64.0.0/26",
            "10.64.0.64/26",
            "10.64.0.128/26",
            "10.64.0.192/26",
        ]);
        expect(subdivide("10.64.0.0/24", 24)).to.deep.equal(["10.64.0.0/24"]);
    });

    it("refuses a shorter prefix, one past /32, and a malformed range", () => {
        expect(() => subdivide("10.72.0.0/13", 12)).to.throw(SubnetPlanError, "must be between /13 and /32");
        expect(() => subdivide("10.72.0.0/13", 33)).to.throw(SubnetPlanError, "must be between /13 and /32");
        expect(() => subdivide("10.72.0.1/13", 14)).to.throw(SubnetPlanError, "host bits set");
    });
});
