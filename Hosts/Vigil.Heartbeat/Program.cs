using Vigil.Heartbeat;

// vigil-heartbeat: started by vigild with its plan on standard input; never started by hand.
return HeartbeatProcess.Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error);
