/**
 * The policies of an `aws.iam.Role`, wherever the stack declares them: identity policies from the
 * role's `inlinePolicies` and `managedPolicyArns`, `aws.iam.RolePolicy`, and `aws.iam.Policy`
 * attached with `aws.iam.RolePolicyAttachment` or `aws.iam.PolicyAttachment`; and its trust
 * policy, `assumeRolePolicy`. A policy the pack cannot read (unknown until deployment, outside
 * the stack, attached to a role it cannot tell, or one AWS would reject) is listed with why.
 * Documents are named by where they are declared, never quoted.
 */
import { parseArn } from "../arn";
import { ParsedPolicy, parsePolicyDocument, PolicyDocument, UNKNOWN_POLICY } from "../iam";
import { types } from "../resource-types";
import { AttachmentKind, attachmentKinds, dependenciesOf, describeResource, NamingRole, PolicyResource, StackIndex } from "../stack";
import { arrayOf, isKnownValue, read, Read, readBelow, stringOf } from "../value";
import { UnreadablePolicy, UnreadableReason } from "../verdict";

/** A policy document the pack can evaluate. */
export interface SourcedDocument {
    /** How messages name it: `aws.iam.RolePolicy "replication"`, `inline policy 2 of aws.iam.Role "r"`. */
    origin: string;
    document: ParsedPolicy;
}

/**
 * The role's permissions boundary (`permissionsBoundary`, a managed policy ARN): none, a policy
 * of the stack, or one the pack cannot read. IAM user guide, "Permissions boundaries for IAM
 * entities" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html):
 * the role may do only what both its identity policies and its boundary allow.
 */
export type Boundary =
    | { readonly kind: "none" }
    | { readonly kind: "document"; readonly document: SourcedDocument }
    | { readonly kind: "unreadable"; readonly policy: UnreadablePolicy };

const NO_BOUNDARY: Boundary = Object.freeze({ kind: "none" });

export interface RolePolicies {
    role: PolicyResource;
    /** The role's own ARN output: known once the role is deployed. */
    arn: Read;
    identity: readonly SourcedDocument[];
    /** Identity policies the pack cannot read; any of them might allow (or deny) anything. */
    unreadable: readonly UnreadablePolicy[];
    /** `assumeRolePolicy`; unknown while it is, or when AWS would reject it. */
    trust: PolicyDocument;
    boundary: Boundary;
}

/** The role's ARN when known: the principal resource policies must name. */
export function knownRoleArn(policies: RolePolicies): string | undefined {
    return stringOf(policies.arn);
}

/** Whether the role has been deployed (its `arn` output is known): the pack then says what it cannot check. */
export function isDeployed(policies: RolePolicies): boolean {
    return knownRoleArn(policies) !== undefined;
}

/**
 * A document as read, parsed; unknown, invalid or (for an absent or empty one) nothing at all.
 * `required`: the document of a resource that exists only to hold one (an `aws.iam.RolePolicy`,
 * `aws.iam.Policy`, `aws.s3.BucketPolicy`): absent (null) or empty, it is one AWS would reject,
 * never a policy granting nothing.
 */
export function readDocument(value: Read, options: { required?: boolean } = {}): ParsedPolicy | UnreadableReason | undefined {
    if (value.state === "absent" || isKnownValue(value, "")) {
        return options.required ? "invalid" : undefined;
    }
    const document = value.state === "known" ? parsePolicyDocument(value.value) : UNKNOWN_POLICY;
    switch (document.kind) {
        case "policy":
            return document.problems.length === 0 ? document : "invalid";
        case "unknown":
            return "unknown";
        case "unparseable":
            return "invalid";
    }
}

/** A managed policy's document: `policy` (JSON text) of `aws.iam.Policy`, `policyDocument` (an object) of `aws-native:iam:ManagedPolicy`. */
function policyDocumentOf(policy: PolicyResource): Read {
    return read(policy.props, policy.type === types.nativeManagedPolicy ? "policyDocument" : "policy");
}

/** `arn:<partition>:iam::<account or "aws">:policy/<name>`, the only text of a reference messages quote. */
function isManagedPolicyArn(value: string): boolean {
    const arn = parseArn(value);
    return arn?.service === "iam" && arn.region === "" && arn.resource.startsWith("policy/");
}

class RolePolicyCollector {
    private readonly identity = new Map<string, SourcedDocument>();
    private readonly unreadable = new Map<string, UnreadablePolicy>();

    constructor(
        private readonly index: StackIndex,
        private readonly role: PolicyResource,
    ) {}

    /** An `aws-native:iam:Role` (AWS::IAM::Role): `policies`, `assumeRolePolicyDocument`, objects rather than JSON text. */
    private get native(): boolean {
        return this.role.type === types.nativeRole;
    }

    collect(): RolePolicies {
        this.inlinePolicies();
        for (const rolePolicy of this.attached(attachmentKinds.rolePolicy)) {
            this.add(rolePolicy.urn, describeResource(rolePolicy), read(rolePolicy.props, "policy"), true);
        }
        for (const rolePolicy of this.attached(attachmentKinds.nativeRolePolicy)) {
            this.add(rolePolicy.urn, describeResource(rolePolicy), read(rolePolicy.props, "policyDocument"), true);
        }
        for (const { resource, names } of this.index.namingRole(this.role, types.nativeManagedPolicy)) {
            this.nativeManagedPolicy(resource, names);
        }
        for (const attachment of this.attached(attachmentKinds.rolePolicyAttachment)) {
            this.managedPolicy(read(attachment.props, "policyArn"), dependenciesOf(attachment, "policyArn"), attachment);
        }
        for (const { resource, names } of this.index.namingRole(this.role, types.iamPolicyAttachment)) {
            this.policyAttachment(resource, names);
        }
        this.managedPolicyArns();
        const trust = readDocument(read(this.role.props, this.native ? "assumeRolePolicyDocument" : "assumeRolePolicy"));
        return {
            role: this.role,
            arn: read(this.role.props, "arn"),
            identity: [...this.identity.values()],
            unreadable: [...this.unreadable.values()],
            trust: typeof trust === "object" ? trust : UNKNOWN_POLICY,
            boundary: this.boundary(),
        };
    }

    /** `permissionsBoundary`: the ARN of a managed policy, in the stack or not. */
    private boundary(): Boundary {
        const arn = read(this.role.props, "permissionsBoundary");
        const origin = `the permissions boundary of ${describeResource(this.role)}`;
        const resolution = this.index.managedPolicy(arn, dependenciesOf(this.role, "permissionsBoundary"));
        switch (resolution.kind) {
            case "absent":
                return NO_BOUNDARY;
            case "in-stack": {
                const policy = resolution.resource;
                const document = readDocument(policyDocumentOf(policy), { required: true });
                const named = `${origin} (${describeResource(policy)})`;
                return typeof document === "object"
                    ? { kind: "document", document: { origin: named, document } }
                    : { kind: "unreadable", policy: { origin: named, reason: document ?? "invalid" } };
            }
            case "external":
                return {
                    kind: "unreadable",
                    policy: { origin: isManagedPolicyArn(resolution.reference) ? `${origin} (${resolution.reference})` : origin, reason: "outside-stack" },
                };
            default:
                return { kind: "unreadable", policy: { origin, reason: "unknown" } };
        }
    }

    /** `id` tells one declaration from another; `origin` names it in messages; see `readDocument` for `required`. */
    private add(id: string, origin: string, value: Read, required: boolean): void {
        const document = readDocument(value, { required });
        if (typeof document === "object") {
            this.identity.set(id, { origin, document });
        } else if (document !== undefined) {
            this.addUnreadable(origin, document);
        }
    }

    private addUnreadable(origin: string, reason: UnreadableReason): void {
        this.unreadable.set(origin, { origin, reason });
    }

    private inlinePolicies(): void {
        const list = read(this.role.props, this.native ? "policies" : "inlinePolicies");
        const [nameProperty, documentProperty] = this.native ? ["policyName", "policyDocument"] : ["name", "policy"];
        const role = describeResource(this.role);
        if (list.state === "unknown") {
            this.addUnreadable(`the inline policies of ${role}`, "unknown");
        } else {
            arrayOf(list)?.forEach((_, i) => {
                const origin = `inline policy ${i + 1} of ${role}`;
                const entry = readBelow(list, i);
                // An empty block (no name, no policy) declares no policy (it clears the role's others); a named one must have a document.
                const name = readBelow(entry, nameProperty);
                const named = this.native || name.state === "unknown" || (name.state === "known" && name.value !== "");
                this.add(origin, origin, readBelow(entry, documentProperty), named);
            });
        }
    }

    /** RolePolicies and RolePolicyAttachments naming the role; one that may name it cannot be read as the role's. */
    private attached(kind: AttachmentKind): PolicyResource[] {
        const { attached, undecided } = this.index.attachments(this.role, kind);
        undecided.forEach((resource) => this.addUnreadable(describeResource(resource), "attachment-unknown"));
        return attached;
    }

    /** `aws.iam.PolicyAttachment` lists role names in `roles`. */
    private policyAttachment(attachment: PolicyResource, names: NamingRole["names"]): void {
        if (names === "yes") {
            this.managedPolicy(read(attachment.props, "policyArn"), dependenciesOf(attachment, "policyArn"), attachment);
        } else {
            this.addUnreadable(describeResource(attachment), "attachment-unknown");
        }
    }

    /** `aws-native:iam:ManagedPolicy` attaches itself to the roles it lists in `roles`. */
    private nativeManagedPolicy(policy: PolicyResource, names: NamingRole["names"]): void {
        if (names === "yes") {
            this.add(policy.urn, describeResource(policy), read(policy.props, "policyDocument"), true);
        } else {
            this.addUnreadable(describeResource(policy), "attachment-unknown");
        }
    }

    private managedPolicyArns(): void {
        const list = read(this.role.props, "managedPolicyArns");
        const dependencies = dependenciesOf(this.role, "managedPolicyArns");
        if (list.state === "unknown") {
            this.addUnreadable(`the managed policies of ${describeResource(this.role)}`, "unknown");
        } else {
            arrayOf(list)?.forEach((_, i) => this.managedPolicy(readBelow(list, i), dependencies, this.role));
        }
    }

    /** The policy an ARN names; `referrer` is the attachment (or role) that names it. */
    private managedPolicy(arn: Read, dependencies: readonly PolicyResource[], referrer: PolicyResource): void {
        const resolution = this.index.managedPolicy(arn, dependencies);
        switch (resolution.kind) {
            case "in-stack": {
                const policy = resolution.resource;
                this.add(policy.urn, describeResource(policy), policyDocumentOf(policy), true);
                return;
            }
            case "external":
                this.addUnreadable(
                    isManagedPolicyArn(resolution.reference)
                        ? `managed policy ${resolution.reference}`
                        : `the managed policy ${describeResource(referrer)} names`,
                    "outside-stack",
                );
                return;
            case "absent":
                return;
            default:
                this.addUnreadable(`the managed policy ${describeResource(referrer)} names`, "unknown");
        }
    }
}

/** The role's policies, gathered once per stack index. */
export function rolePolicies(index: StackIndex, role: PolicyResource): RolePolicies {
    return index.memoBy("role/policies", role.urn, () => new RolePolicyCollector(index, role).collect());
}
