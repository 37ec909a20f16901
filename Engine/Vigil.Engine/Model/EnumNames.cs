using Vigil.Engine.Events;

namespace Vigil.Engine.Model;

/// <summary>Lower-case names for the reasons deciders write (Enum.ToString is slow on the replay path).</summary>
internal static class EnumNames
{
    public static string Lower(this OperationKind kind) => kind switch
    {
        OperationKind.Restore => "restore",
        OperationKind.Remove => "remove",
        OperationKind.Failover => "failover",
        OperationKind.Switchover => "switchover",
        OperationKind.Switchback => "switchback",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static string Lower(this KitAction action) => action switch
    {
        KitAction.Restore => "restore",
        KitAction.Remove => "remove",
        KitAction.QuickCheck => "quickCheck",
        KitAction.DeepCheck => "deepCheck",
        KitAction.Recover => "recover",
        _ => action.ToString(),
    };
}
