import { types } from "../../policies/model/resource-types";
import { UNKNOWN } from "./harness";
import { dependOn } from "./guide-role";
import { ACCOUNT, GuideStack, SOURCE_REGION } from "./guide-stack";

/** Gives the guide's role an in-stack permissions boundary allowing `allows` on every resource. */
export function withBoundary(guide: GuideStack, preview: boolean, allows: string | string[]): GuideStack {
    const boundary = guide.stack.add(
        types.iamPolicy,
        "boundary",
        {
            name: "boundary",
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: allows, Resource: "*" }] }),
            arn: preview ? UNKNOWN : `arn:aws:iam::${ACCOUNT}:policy/boundary`,
        },
        { provider: guide.providers[SOURCE_REGION] },
    );
    guide.role.props.permissionsBoundary = boundary.props.arn;
    dependOn(guide.role, "permissionsBoundary", [boundary]);
    return guide;
}
