namespace Vigil.Engine.Model;

/// <summary>How a kit action ended, as the kit host reported it.</summary>
public enum ActionOutcome
{
    Succeeded,
    Failed,
    TimedOut,
    Crashed,
}
