using System;
using System.Threading;

namespace Diff.Runtime.Tests
{
    /// <summary>
    /// Runs a test's body on a thread of its own, so that per-thread state (kept tapes, packing buffers) starts empty
    /// whatever ran before on the test runner's threads; a failure on that thread fails the test.
    /// </summary>
    internal static class FreshThread
    {
        public static void Run(Action body)
        {
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    body();
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            });
            thread.Start();
            thread.Join();
            if (failure is not null)
            {
                throw new Xunit.Sdk.XunitException("On the fresh thread: " + failure);
            }
        }
    }
}
