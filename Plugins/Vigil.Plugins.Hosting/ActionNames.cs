using Vigil.Plugins.Abstractions;

namespace Vigil.Plugins.Hosting;

/// <summary>The wire and script names of actions: <c>restore</c>, <c>quickCheck</c>, …</summary>
public static class ActionNames
{
    /// <summary>The camelCase name of an action.</summary>
    /// <param name="action">The action.</param>
    /// <returns>Its name, for example <c>quickCheck</c>.</returns>
    public static string ToWire(KitAction action)
    {
        var name = action.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
