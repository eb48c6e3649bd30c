namespace Ras.Service;

/// <summary>
/// The service's log events. Structured, and free of personal data by construction: they carry model ids,
/// versions, counts, statuses and error codes, never a case id, an answer, an attribute or a request body.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Loaded {ModelCount} model versions from {Folder}")]
    public static partial void ModelsLoaded(ILogger logger, string folder, int modelCount);

    [LoggerMessage(2, LogLevel.Error, "Reloading {Folder} failed with {ErrorCount} problems; the models loaded before stay in force. First: {FirstError}")]
    public static partial void ModelsReloadFailed(ILogger logger, string folder, int errorCount, string firstError);

    [LoggerMessage(3, LogLevel.Information, "Allocation with {ModelId}: {Status} ({ErrorCodes}), explain {Explain}")]
    public static partial void Allocated(ILogger logger, string modelId, string status, string errorCodes, bool explain);

    [LoggerMessage(4, LogLevel.Information, "Batch with {ModelId}: {Rows} rows, {Allocated} allocated, {Rejected} rejected, in {ElapsedMilliseconds} ms")]
    public static partial void BatchDone(ILogger logger, string modelId, long rows, long allocated, long rejected, long elapsedMilliseconds);

    [LoggerMessage(5, LogLevel.Information, "Model validated: {Status} ({ErrorCount} problems)")]
    public static partial void Validated(ILogger logger, string status, int errorCount);
}
