namespace Vigil.Engine.Model;

/// <summary>What a hierarchy does when a higher-priority node rejoins.</summary>
public enum SwitchbackMode
{
    /// <summary>Stays where it is until an operator moves it.</summary>
    Intelligent = 0,

    /// <summary>Returns to the highest-priority node when it rejoins.</summary>
    Automatic,
}
