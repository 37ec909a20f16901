using Vigil.Kits.GenApp;
using Vigil.Plugins.Testing;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.GenApp;

/// <summary>GenApp passes the kit conformance suite with the template scripts (bash and perl).</summary>
public abstract class GenAppConformanceTests : KitConformanceTests, IDisposable
{
    private readonly Scripts _scripts = new();

    protected abstract string Language { get; }

    private string Template(string script) => Path.Combine(AppContext.BaseDirectory, "genapp-templates", Language, script);

    protected override ResourceType CreateResourceType() => new GenAppResourceType();

    protected override IReadOnlyDictionary<string, string> CreateParameters(string tag) => new Dictionary<string, string>
    {
        ["restore"] = Template("restore"),
        ["remove"] = Template("remove"),
        ["quickCheck"] = Template("quickCheck"),
        ["deepCheck"] = Template("deepCheck"),
        ["recover"] = Template("recover"),
        ["command"] = "sleep 300",
        ["state_dir"] = _scripts.Directory,
    };

    protected override IReadOnlyDictionary<string, string> CreateHangingParameters(string tag) =>
        new Dictionary<string, string>(CreateParameters(tag)) { ["restore"] = _scripts.Write("hang", "#!/bin/sh\nsleep 600\n") };

    protected override IReadOnlyDictionary<string, string> CreateInvalidParameters(string tag) =>
        new Dictionary<string, string>(CreateParameters(tag)) { ["restore"] = "/nonexistent/restore", ["remove"] = "relative/remove" };

    public void Dispose()
    {
        _scripts.Dispose();
        GC.SuppressFinalize(this);
    }
}
