/** The framework's own proxies, to hand the model properties exactly as policies receive them. */
import { secretsPreservingProxy } from "@pulumi/policy/secret";

// @pulumi/policy marks the unknown-checking proxy internal: its declaration file exports nothing.
export const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T extends object>(props: T): T };

/** Properties as `Analyze` hands them to policies: behind the unknown-checking proxy. */
export function analyzed<T extends object>(props: T): T {
    return unknownCheckingProxy(props);
}

/** Properties as `Remediate` hands them to policies: secrets kept as `Secret`, behind both proxies. */
export function remediated<T extends object>(props: T): T {
    return unknownCheckingProxy(secretsPreservingProxy(props) as T);
}
