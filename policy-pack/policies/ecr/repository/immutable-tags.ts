import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, str } from "../../../lib/props";

/**
 * ECR repositories must make image tags immutable, so a tag a service deploys always names the image
 * that was scanned and reviewed. `IMMUTABLE_WITH_EXCLUSION` (mutable only for the listed filters)
 * counts as immutable.
 */
export const ecrRepositoryImmutableTags = resourcePolicy({
    name: "ecr-repository-immutable-tags",
    description: "ECR repositories must make image tags immutable.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["ECR.2"], checkov: ["CKV_AWS_51"] },
    resourceTypes: ["aws:ecr/repository:Repository"],
    check: (props) => {
        if (isUnknown(props.imageTagMutability)) return [];
        const mutability = str(props.imageTagMutability) ?? "MUTABLE";
        return mutability.startsWith("IMMUTABLE")
            ? []
            : [`imageTagMutability is ${mutability}; set it to IMMUTABLE.`];
    },
});
