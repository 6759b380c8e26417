/**
 * What one policy call knows besides its own arguments and configuration, as one value: define.ts
 * builds it for every call from what the engine's requests said (runtime/engine-observer.ts
 * observes them) and passes it to the policy's `check`, which hands on what the model needs. A
 * policy or helper that needs a part of it takes it as a parameter: none has a default.
 *
 * How `externalResources` reaches a policy, call by call: the Configure request's
 * `s3-replication-environments` entry → `OBSERVERS.ConfigureAnalyzerRequest` → `configure()` →
 * `compileEnvironment()` → `parseExternalFacts()` (runtime/engine-observer.ts, runtime/environment-setting.ts) → define.ts
 * `analysisOf()` → `check(args, config, analysis)` → `analysis.facts` → e.g. `eachRuleRequests`
 * (role-findings.ts) → `replicationRequests(index, replication, facts)` (model/role/replication-permissions.ts).
 */
import { ExternalFacts } from "../model/external-facts";
import { SecretValues } from "../model/secret-values";
import { StackIndex } from "../model/stack";
import { StackIdentity } from "../runtime/environment-setting";

export interface Analysis {
    /** Facts about resources outside the stack: the `externalResources` part of the environments setting. */
    readonly facts: ExternalFacts;
    /** Why the environments setting lowers this stack's findings to advisory (`advisory on stack dev (...)`), or undefined. */
    readonly lowered: string | undefined;
    /** The values the engine marked secret: messages never quote them. */
    readonly secrets: SecretValues;
    /** The stack being checked, as ConfigureStack named it (undefined when none was received). */
    readonly stack: StackIdentity | undefined;
}

/** A stack policy's call also has the stack index, shared by every stack policy of one AnalyzeStack request. */
export interface StackAnalysis extends Analysis {
    readonly index: StackIndex;
}
