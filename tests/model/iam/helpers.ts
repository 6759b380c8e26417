import { parsePolicyDocument, PolicyDocument } from "../../../policies/model/iam/document";
import { evaluate } from "../../../policies/model/iam/evaluate";
import { Request } from "../../../policies/model/iam/request-context";
import { verdictName } from "../../support/verdicts";

export const ACCOUNT = "111122223333";
export const OTHER_ACCOUNT = "444455556666";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/replication`;
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const BUCKET_ARN = "arn:aws:s3:::destination-bucket";

/** A 2012-10-17 policy document with the given statements, parsed. */
export function policy(...statements: object[]): PolicyDocument {
    return parsePolicyDocument({ Version: "2012-10-17", Statement: statements });
}

export function allow(action: unknown, resource: unknown = "*", extra: object = {}): object {
    return { Effect: "Allow", Action: action, Resource: resource, ...extra };
}

export function deny(action: unknown, resource: unknown = "*", extra: object = {}): object {
    return { Effect: "Deny", Action: action, Resource: resource, ...extra };
}

export function request(action: string, resource: string, more: Partial<Request> = {}): Request {
    return { action, resource, context: {}, ...more };
}

/** The verdict for `req` against one document made of `statements`, in words. */
export function decide(req: Request, ...statements: object[]): string {
    return verdictName(evaluate(req, [policy(...statements)]));
}
