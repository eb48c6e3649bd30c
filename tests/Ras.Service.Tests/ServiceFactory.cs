using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ras.Service.Tests;

/// <summary>The service in memory, on the repository's models, with every log message captured.</summary>
public sealed class ServiceFactory : WebApplicationFactory<Program>
{
    public ConcurrentQueue<string> Logs { get; } = new();

    public static string Repo(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ras.Engine.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Ras.Engine.sln not found above the test folder."), relative);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Ras:MaxRequestBytes", "65536");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingProvider(Logs)));
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(logs, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Capturing(ConcurrentQueue<string> logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            logs.Enqueue($"{category} {eventId.Id} {formatter(state, exception)} {properties} {exception}");
        }
    }
}
