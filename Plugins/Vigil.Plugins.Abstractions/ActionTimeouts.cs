namespace Vigil.Plugins.Abstractions;

/// <summary>How long each action of a resource type may run before it is cancelled and reported timed out.</summary>
public sealed record ActionTimeouts
{
    /// <summary>Timeout of <see cref="KitAction.Restore"/>.</summary>
    public TimeSpan Restore { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Timeout of <see cref="KitAction.Remove"/>.</summary>
    public TimeSpan Remove { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Timeout of <see cref="KitAction.QuickCheck"/>.</summary>
    public TimeSpan QuickCheck { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Timeout of <see cref="KitAction.DeepCheck"/>.</summary>
    public TimeSpan DeepCheck { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of <see cref="KitAction.Recover"/>.</summary>
    public TimeSpan Recover { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Timeout of <see cref="KitAction.Validate"/>.</summary>
    public TimeSpan Validate { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Timeout of <see cref="KitAction.CanExtend"/>.</summary>
    public TimeSpan CanExtend { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The timeout of one action.</summary>
    /// <param name="action">The action.</param>
    /// <returns>Its timeout.</returns>
    public TimeSpan For(KitAction action) => action switch
    {
        KitAction.Restore => Restore,
        KitAction.Remove => Remove,
        KitAction.QuickCheck => QuickCheck,
        KitAction.DeepCheck => DeepCheck,
        KitAction.Recover => Recover,
        KitAction.Validate => Validate,
        KitAction.CanExtend => CanExtend,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown action"),
    };
}
