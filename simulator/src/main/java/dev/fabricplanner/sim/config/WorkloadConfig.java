package dev.fabricplanner.sim.config;

/**
 * What arrives: when, of which type, and how big.
 *
 * @param durationS seconds during which requests arrive (defaults to the run's duration_s)
 * @param arrival the arrival process
 * @param mix relative weights of the request types
 * @param llm token counts of LLM requests
 * @param vision image sizes of vision requests
 * @param asr audio lengths of speech requests
 * @param tenants how requests spread over tenants
 */
public record WorkloadConfig(
    double durationS,
    Arrival arrival,
    RequestMix mix,
    LlmWorkload llm,
    VisionWorkload vision,
    AsrWorkload asr,
    TenantConfig tenants) {}
