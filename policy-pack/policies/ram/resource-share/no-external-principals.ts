import { resourcePolicy } from "../../../lib/policy";

/** AWS RAM shares must set allowExternalPrincipals to false, so nothing is shared outside the organization. */
export const ramResourceShareNoExternalPrincipals = resourcePolicy({
    name: "ram-resource-share-no-external-principals",
    description:
        "AWS RAM shares must set allowExternalPrincipals to false, so nothing is shared outside the organization.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high" },
    resourceTypes: ["aws:ram/resourceShare:ResourceShare"],
    check: (props) =>
        props.allowExternalPrincipals === false
            ? []
            : [
                  `allowExternalPrincipals is ${String(props.allowExternalPrincipals ?? "unset")}; set it to false.`,
              ],
});
