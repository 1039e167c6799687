import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, list, record, str } from "../../../lib/props";

/** True for a service that runs on Fargate (launch type or capacity provider). */
const onFargate = (props: Readonly<Record<string, unknown>>): boolean =>
    str(props.launchType) === "FARGATE" ||
    list(props.capacityProviderStrategies).some((s) =>
        (str(record(s).capacityProvider) ?? "").startsWith("FARGATE"),
    );

/**
 * ECS services on Fargate must run on the latest platform version (`LATEST`, the default), which
 * carries the runtime's security patches; a pinned version stops receiving them.
 */
export const ecsServiceFargateLatest = resourcePolicy({
    name: "ecs-service-fargate-latest",
    description: "ECS services on Fargate must run on the latest platform version (LATEST).",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["ECS.10"], checkov: ["CKV_AWS_332"] },
    resourceTypes: ["aws:ecs/service:Service"],
    check: (props) => {
        if (!onFargate(props) || isUnknown(props.platformVersion)) return [];
        const version = str(props.platformVersion) ?? "LATEST";
        return version === "LATEST"
            ? []
            : [`platformVersion is ${version}; set it to LATEST (or leave it unset).`];
    },
});
