/**
 * KMS key policies: the document in force on a key, and whether it lets a caller (the
 * replication role, or its account) call a KMS action in the request context S3 presents.
 *
 * KMS authorises a call when the key policy allows the caller itself, or allows the caller's
 * account (`arn:<partition>:iam::<account>:root` or the bare account id): the key policy then
 * delegates to that account's IAM, and the caller's identity policies decide (they must also
 * allow every cross-account call). An explicit Deny in the key policy always wins. Grants are
 * not modelled here.
 */
import { accountRootArn, isAccountId, parseArn } from "./arn";
import { BoundedMemo } from "./bounded-memo";
import { SecretValues } from "./secret-values";
import {
    admitsPrincipalItself,
    decisiveMatches,
    describeConditionOutcome,
    openWorldContext,
    parsePolicyDocument,
    PolicyDocument,
    Request,
    RequestContext,
    Statement,
    statementsOf,
    UNKNOWN_POLICY,
    verdictOf,
} from "./iam";
import { isUnknownValue, Read, UNKNOWN } from "./value";
import { boundaryLimitsGrant } from "./authorization/boundary-reach";
import { withConfirmations } from "./undecided";
import { Denial, relocateDenial, UNDECIDABLE, Verdict } from "./verdict";

/** The replication role as the principal of its requests (to S3 and KMS): its ARN and its account, when known. */
export interface Caller {
    readonly arn?: string;
    readonly account?: string;
}

export interface KeyRequest {
    readonly action: string;
    /** The key's ARN, or the unknown sentinel. */
    readonly keyArn: string;
    readonly caller: Caller;
    /** The context S3 presents (`kmsRequestContext`); the caller's own keys are added to it. */
    readonly context: RequestContext;
}

/** How a key policy's verdict names the policy its statements are in (the caller knows which resource declares it). */
const KEY_POLICY = "the key policy";

/** By partition and account: every key of an account created without a policy has the same one. */
const defaultKeyPolicies = new BoundedMemo((partitionAndAccount) => {
    const [partition, account] = JSON.parse(partitionAndAccount) as [string, string];
    return parseDefaultKeyPolicy(account, partition);
}, 1024);

/**
 * What KMS applies to a key created without a policy: the key's account, through its IAM, may do
 * anything. Parsed once per partition and account and shared: it must not be changed.
 */
export function defaultKeyPolicy(account: string, partition: string): PolicyDocument {
    return defaultKeyPolicies.get(JSON.stringify([partition, account]));
}

function parseDefaultKeyPolicy(account: string, partition: string): PolicyDocument {
    return parsePolicyDocument({
        Version: "2012-10-17",
        Statement: [
            { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: accountRootArn(partition, account) }, Action: "kms:*", Resource: "*" },
        ],
    });
}

/**
 * The key policy document in force: `document` as read, or, when it is absent and `whenUnset`
 * says whose key it is, the default key policy. Unknown when it cannot be told.
 */
export function keyPolicyDocument(document: Read, whenUnset?: { account?: string; partition: string }): PolicyDocument {
    switch (document.state) {
        case "known":
            return parsePolicyDocument(document.value);
        case "absent":
            return whenUnset?.account !== undefined ? defaultKeyPolicy(whenUnset.account, whenUnset.partition) : UNKNOWN_POLICY;
        default:
            return UNKNOWN_POLICY;
    }
}

/**
 * The request context the key policy is evaluated in: S3's keys and the caller's account and ARN
 * (unknown while unknown); every other key the document tests is unknown (an open world). The
 * keys given a value, and the AWS pages showing them present, are listed in `EVALUATED_KEYS` (s3-request-context.ts).
 */
function contextFor(document: PolicyDocument, request: KeyRequest): RequestContext {
    const account = request.caller.account ?? UNKNOWN;
    return openWorldContext(
        {
            ...request.context,
            "kms:CallerAccount": account,
            "aws:PrincipalAccount": account,
            "aws:PrincipalArn": request.caller.arn ?? UNKNOWN,
        },
        [document],
    );
}

function isWholeAccount(entry: string): boolean {
    const arn = parseArn(entry);
    return isAccountId(entry) || (arn?.service === "iam" && arn.resource === "root");
}

/**
 * Whether a statement could name a principal of `account` that the account's root does not
 * stand for: a role or user ARN in the account, an entry that is no ARN (a unique id), an
 * unknown entry, or a `NotPrincipal`.
 */
function mayNameMemberOf(statement: Statement, account: string): boolean {
    const element = statement.principals;
    if (element === undefined || element.value.kind === "everyone") {
        return false;
    }
    if (element.negated || element.value.kind === "unknown") {
        return true;
    }
    const entries = element.value.byType.get("AWS");
    if (entries === undefined) {
        return false;
    }
    return (
        entries.hasUnknown ||
        entries.known.some((entry) => {
            if (entry === "*" || isWholeAccount(entry)) {
                return false;
            }
            const named = parseArn(entry)?.account;
            return named === undefined || named === account;
        })
    );
}

function decideKeyRequest(document: PolicyDocument, request: Request, callerArn: string | undefined, carried: RequestContext): Verdict {
    // Only statements in scope are read, by the verdict and to tell whom an Allow lets in.
    const matches = decisiveMatches(request, document, 0);
    const verdict = verdictOf(matches);
    switch (verdict.kind) {
        case "allowed": {
            const allowing = verdict.allowing ?? [];
            const itself = allowing.filter((match) => admitsPrincipalItself(match.statement.principals, callerArn) === true);
            if (itself.length > 0) {
                return {
                    kind: "allowed",
                    through: "caller",
                    limitedByBoundary: boundaryLimitsGrant(
                        itself.map((match) => match.statement),
                        callerArn,
                    ),
                };
            }
            // Only the account surely: a statement that may apply and may name the caller itself leaves it open whether identity policies are needed.
            const mayLetInCaller = matches.some(
                (match) =>
                    match.effect !== "Deny" &&
                    match.applies !== false &&
                    !allowing.includes(match) &&
                    admitsPrincipalItself(match.statement.principals, callerArn) !== false,
            );
            return mayLetInCaller ? UNDECIDABLE : { kind: "allowed", through: "account" };
        }
        case "denied":
            return relocateDenial(verdict, (match) => ({ origin: KEY_POLICY, statement: match.ref.statement }));
        case "undecidable":
            // Only the keys the request carries are known to it; the open world's are what the user must confirm.
            return withConfirmations(verdict.undecided ?? [], { ...request, context: carried }, (match) => ({
                origin: KEY_POLICY,
                statement: match.ref.statement,
            }));
        default:
            return UNDECIDABLE;
    }
}

/** A document AWS would reject (unparseable, or with elements or statements it does not accept) says nothing about access. */
function isValid(document: PolicyDocument): boolean {
    return document.kind === "unknown" || (document.kind === "policy" && document.problems.length === 0);
}

/**
 * Whether the key policy lets the caller make the request. With the caller's ARN unknown but its
 * account known, the account's root stands for it, unless a statement might name the caller
 * itself; then only what holds for any principal is certain.
 */
export function evaluateKeyPolicy(document: PolicyDocument, request: KeyRequest): Verdict {
    if (!isValid(document)) {
        return UNDECIDABLE;
    }
    const context = contextFor(document, request);
    const as = (principal: string, callerArn: string | undefined) =>
        decideKeyRequest(
            document,
            { action: request.action, resource: request.keyArn, context, principal: { type: "AWS", id: principal } },
            callerArn,
            request.context,
        );
    const { arn, account } = request.caller;
    if (arn !== undefined && !isUnknownValue(arn)) {
        return as(arn, arn);
    }
    if (account !== undefined) {
        const asAccount = as(accountRootArn(parseArn(request.keyArn)?.partition ?? "aws", account), undefined);
        if (asAccount.kind === "allowed" || !statementsOf(document).some((statement) => mayNameMemberOf(statement, account))) {
            return asAccount;
        }
    }
    return as(UNKNOWN, undefined);
}

/**
 * Why the key policy does not allow the request, for messages: statement numbers (from 1),
 * operators and condition keys, never text of the document such as Sids.
 */
export function describeDenial(denial: Denial, secrets: SecretValues): string {
    if (denial.explicit) {
        const numbers = denial.denying.map((at) => at.statement + 1);
        return numbers.length === 1 ? `statement ${numbers[0]} of the key policy denies it` : `statements ${numbers.join(", ")} of the key policy deny it`;
    }
    const [first] = denial.unmet;
    return first
        ? `no statement of the key policy allows it (statement ${first.at.statement + 1} would, but its ${describeConditionOutcome(first.conditions[0], secrets)})`
        : "no statement of the key policy allows it";
}

/**
 * Whether a key reference is the alias of an AWS managed key (`alias/aws/<service>`, by name or
 * alias ARN): names under `alias/aws/` are reserved for them (KMS developer guide, "Creating an
 * alias", https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html).
 */
export function isAwsManagedKeyAlias(reference: string): boolean {
    const arn = parseArn(reference);
    const name = arn?.service === "kms" ? arn.resource : reference;
    return name.startsWith("alias/aws/");
}

/** A key policy statement letting `principal` call `actions` on the key, as one line of JSON. */
export function keyPolicyStatement(sid: string, principal: string, actions: readonly string[]): string {
    return JSON.stringify({ Sid: sid, Effect: "Allow", Principal: { AWS: principal }, Action: actions.length === 1 ? actions[0] : actions, Resource: "*" });
}
