package dev.fabricplanner.core.route;

import dev.fabricplanner.core.record.Endpoint;

/**
 * A stage on its GPU.
 *
 * @param index stage number, from 0
 * @param firstLayer first layer it runs
 * @param layers how many layers it runs
 * @param gpu the host and GPU id
 * @param gpuIndex the GPU's CUDA index on its host
 * @param gpuName the GPU's name
 * @param vramNeededBytes weights plus one transfer's KV for its layers
 * @param vramBytes the GPU's memory
 */
public record PlacedStage(
    int index,
    int firstLayer,
    int layers,
    Endpoint gpu,
    int gpuIndex,
    String gpuName,
    long vramNeededBytes,
    long vramBytes) {}
