using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.GenApp;

/// <summary>The <c>genapp</c> parameter schema: the five scripts, a secret, and free-form extras.</summary>
internal static class GenAppDefinition
{
    public const string Restore = "restore";
    public const string Remove = "remove";
    public const string QuickCheck = "quickCheck";
    public const string DeepCheck = "deepCheck";
    public const string Recover = "recover";
    public const string Secret = "secret";

    public static readonly string[] Scripts = [Restore, Remove, QuickCheck, DeepCheck, Recover];

    public static ResourceTypeDefinition Create() => new()
    {
        Name = "genapp",
        Description = "Generic application: the operator's restore/remove/quickCheck/deepCheck/recover scripts, " +
                      "called as SCRIPT -t TAG -i ID. Other parameters reach the scripts as VIGIL_PARAM_<NAME>.",
        Parameters =
        [
            Script(Restore, "starts the application; must not disturb an instance already running", required: true),
            Script(Remove, "stops the application; exits 0 when it is already stopped", required: true),
            Script(QuickCheck, "cheap health check: 0 healthy, 7 not running, 10 degraded, other unhealthy", required: true),
            Script(DeepCheck, "thorough health check (same exit codes); defaults to quickCheck", required: false),
            Script(Recover, "local recovery in place; without it a failed check fails over", required: false),
            new ParameterDefinition
            {
                Name = Secret,
                Description = "a secret handed to each script on its standard input (one line), never in its environment or arguments",
                Secret = true,
            },
        ],
        AllowsUnknownParameters = true,
    };

    private static ParameterDefinition Script(string name, string description, bool required) => new()
    {
        Name = name,
        Type = ParameterType.Path,
        Description = description,
        Required = required,
    };
}
