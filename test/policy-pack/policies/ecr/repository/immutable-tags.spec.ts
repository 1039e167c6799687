import { expect } from "chai";
import { ecrRepositoryImmutableTags as policy } from "../../../../../policy-pack/policies/ecr/repository/immutable-tags";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:ecr/repository:Repository";

describe("ecr-repository-immutable-tags", () => {
    it("passes immutable tags, with or without exclusions, and an unknown setting", async () => {
        for (const imageTagMutability of ["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", UNKNOWN_VALUE]) {
            expect(await resourceViolations(policy, TYPE, { imageTagMutability })).to.deep.equal([]);
        }
    });

    it("flags mutable tags, set or by default", async () => {
        for (const imageTagMutability of ["MUTABLE", undefined]) {
            expect(await resourceViolations(policy, TYPE, { imageTagMutability })).to.deep.equal([
                "imageTagMutability is MUTABLE; set it to IMMUTABLE.",
            ]);
        }
        expect(
            await resourceViolations(policy, TYPE, { imageTagMutability: "MUTABLE_WITH_EXCLUSION" }),
        ).to.deep.equal(["imageTagMutability is MUTABLE_WITH_EXCLUSION; set it to IMMUTABLE."]);
    });

    it("is advisory by default", async () => {
        const [diagnostic] = await resourceDiagnostics(policy, TYPE, {});
        expect(diagnostic.level).to.equal("advisory");
    });
});
