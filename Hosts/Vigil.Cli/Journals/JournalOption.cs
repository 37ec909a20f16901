using System.CommandLine;

namespace Vigil.Cli.Journals;

/// <summary>The shared <c>--journal</c> option: an embedded journal directory or a PostgreSQL connection string.</summary>
internal static class JournalOption
{
    public static Option<string> Create() => new("--journal", "-j")
    {
        Description = "Embedded journal directory, or a PostgreSQL connection string (Host=…;Database=…) for the Marten journal",
        Required = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Machine-readable output" };
}
