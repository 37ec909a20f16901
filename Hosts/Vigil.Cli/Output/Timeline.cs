using Spectre.Console;
using Vigil.Engine.Audit;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Journal;

namespace Vigil.Cli.Output;

/// <summary>
/// The history as a readable timeline: a rule per day, then one line per event (time, who recorded it — ×N when N
/// nodes journaled the same replicated event —, '>' for inputs, the sentence), with colour on a terminal: failures
/// red, verdicts and failovers yellow, things coming into service green.
/// </summary>
internal static class Timeline
{
    public static IAnsiConsole Console(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            // Piped or captured: one event per line, never wrapped.
            console.Profile.Width = 4096;
        }

        return console;
    }

    public static void Write(IAnsiConsole console, MergedHistory merged, IEnumerable<RecordedEvent> events, string indent = "")
    {
        DateOnly? day = null;
        foreach (var e in events)
        {
            var env = e.Envelope;
            var date = DateOnly.FromDateTime(env.Timestamp.UtcDateTime);
            if (day != date && indent.Length == 0)
            {
                console.MarkupLine($"[grey]── {date:yyyy-MM-dd} (UTC) ──[/]");
                day = date;
            }

            var copies = merged.CopiesOf(e);
            var who = copies.Count > 1 ? $"{env.Node} ×{copies.Count}" : env.Node;
            var marker = env.Kind == EventKind.Input ? ">" : " ";
            console.MarkupLine($"{indent}[grey]{env.Timestamp.UtcDateTime:HH:mm:ss.fff}[/] {Markup.Escape($"{who,-11}")} {marker} [{Colour(env.Data)}]{Markup.Escape(EventNarrator.Describe(env.Data))}[/]");
        }
    }

    private static string Colour(IVigilEvent e) => e switch
    {
        KitInputs.ReportActionResult { Outcome: not Engine.Model.ActionOutcome.Succeeded } => "red",
        KitInputs.ReportCheckResult { Verdict: not Engine.Model.CheckVerdict.Healthy } => "red",
        MembershipInputs.ReportPathState { Alive: false } => "red",
        OperationEvents.OperationFailed or ClusterEvents.AnomalyRecorded => "red",
        MembershipInputs.DeclareNodeDead or NodeEvents.NodeDeclaredDead => "yellow",
        OperationEvents.OperationStarted or OperationEvents.OperationCascaded => "yellow",
        OperationEvents.OperationCompleted => "green",
        InstanceEvents.InstanceTransitioned { To: Engine.Model.InstanceState.Isp } => "green",
        _ => "default",
    };
}
