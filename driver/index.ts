/** Drives a policy pack over the analyzer protocol, as the Pulumi engine does, without the engine. */
export { startPack, PackSession } from "./pack-session";
export type { StartPackOptions } from "./pack-session";
export { PackStartError } from "./pack-process";
export { AnalyzerCallError } from "./analyzer-client";
export { analyzeStackFully } from "./stack-analysis";
export type { StackAnalysis, StackAnalysisOptions, StackDiagnostic, StackRemediation } from "./stack-analysis";
export { checkPolicyConfig, parsePolicyConfig, policyConfigEnvironments, reconcilePolicyConfig } from "./policy-config";
export type { PolicyConfigCheck } from "./policy-config";
export { DEFAULT_MAX_FILE_BYTES, InputFileError, readInputFile } from "./input-file";
export type { GivenPolicyConfig } from "./policy-config";
export { stackConfiguration, toAnalyzerResource, toAnalyzerStackResource } from "./stack";
export type { Stack, StackResource, StackSource, ProviderReference } from "./stack";
export { readStackFile, parseStackFile, StackFileError } from "./stack-files/read-stack-file";
export type { StackFileProblem } from "./stack-files/read-stack-file";
export { parseUrn, shortUrn, urnName } from "./urn";
export { UNKNOWN, UNKNOWN_SENTINELS, UnknownValue, Secret, secret, ResourceReference } from "./values";
export type { PropertyMap, PropertyValue } from "./values";
export * from "./types";
