using Microsoft.Extensions.Logging;

namespace Vigil.Plugins.Hosting;

/// <summary>The logger kits get in the kit host: one line per entry on stderr, which the client forwards.</summary>
internal sealed class TextWriterLogger(TextWriter writer, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"{logLevel.ToString().ToLowerInvariant()} [{category}] {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}";
        lock (writer)
        {
            writer.WriteLine(line.ReplaceLineEndings(" "));
            writer.Flush();
        }
    }
}
