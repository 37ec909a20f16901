using System.Collections.Immutable;
using Vigil.Engine.Model;
using Vigil.Plugins.Abstractions;
using EngineAction = Vigil.Engine.Model.KitAction;
using EngineOutcome = Vigil.Engine.Model.ActionOutcome;
using SdkAction = Vigil.Plugins.Abstractions.KitAction;
using SdkOutcome = Vigil.Plugins.Abstractions.ActionOutcome;

namespace Vigil.Daemon.Runtime;

/// <summary>Translates between the kit SDK's vocabulary and the engine's (they are versioned apart on purpose).</summary>
internal static class KitTypeMapper
{
    public static ResourceTypeSpec ToSpec(ResourceTypeDefinition type) => new(
        type.Name,
        [.. type.Parameters.Select(p => new ParameterSpec(
            p.Name,
            p.Type switch
            {
                ParameterType.Int => ParameterKind.Integer,
                ParameterType.Bool => ParameterKind.Boolean,
                ParameterType.Ip => ParameterKind.IpAddress,
                ParameterType.Path => ParameterKind.Path,
                ParameterType.Enum => ParameterKind.Enum,
                _ => ParameterKind.String,
            },
            p.Required,
            p.Default,
            p.Pattern,
            p.AllowedValues.Count == 0 ? null : p.AllowedValues,
            p.Minimum,
            p.Maximum,
            p.Secret))])
    {
        AllowsUnknownParameters = type.AllowsUnknownParameters,
    };

    public static SdkAction ToSdk(EngineAction action) => action switch
    {
        EngineAction.Restore => SdkAction.Restore,
        EngineAction.Remove => SdkAction.Remove,
        EngineAction.QuickCheck => SdkAction.QuickCheck,
        EngineAction.DeepCheck => SdkAction.DeepCheck,
        EngineAction.Recover => SdkAction.Recover,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "no kit action for it"),
    };

    public static EngineOutcome ToEngine(SdkOutcome outcome) => outcome switch
    {
        SdkOutcome.Succeeded => EngineOutcome.Succeeded,
        SdkOutcome.TimedOut => EngineOutcome.TimedOut,
        SdkOutcome.KitFailed => EngineOutcome.Crashed,
        _ => EngineOutcome.Failed,
    };

    /// <summary>A check's verdict: a degraded result still succeeded, anything else that failed is a failure.</summary>
    public static CheckVerdict Verdict(ActionResult result) =>
        result.Check == CheckState.Degraded ? CheckVerdict.Degraded
        : result.Succeeded ? CheckVerdict.Healthy
        : CheckVerdict.Failed;

    /// <summary>
    /// Whether the cluster already knows exactly these types (by value: the records hold arrays, whose equality is by
    /// reference), so that a restart with unchanged kits registers nothing.
    /// </summary>
    public static bool SameTypes(IReadOnlyList<ResourceTypeSpec> known, IReadOnlyList<ResourceTypeSpec> types) =>
        System.Text.Json.JsonSerializer.Serialize(known) == System.Text.Json.JsonSerializer.Serialize(types);

    public static ImmutableArray<ResourceTypeSpec> Specs(IEnumerable<Vigil.Plugins.Hosting.KitInfo> kits) =>
        [.. kits.Where(k => k.Loaded).SelectMany(k => k.Types).Select(ToSpec).OrderBy(t => t.Name, StringComparer.Ordinal)];
}
