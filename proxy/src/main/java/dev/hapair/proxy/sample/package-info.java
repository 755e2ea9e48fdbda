/**
 * The typed sample engine: fetch -> converter chain -> typed value, as HAProxy's samples.
 *
 * <p>{@link dev.hapair.proxy.sample.Fetches} and {@link dev.hapair.proxy.sample.Converters} are the one registry
 * of each; every entry declares its types, argument counts and (fetches) the {@link dev.hapair.proxy.sample.Phase}
 * its data needs. {@link dev.hapair.proxy.sample.SampleParser} compiles {@code fetch(args),conv(args),...}
 * against them (unknown keyword, bad argument, impossible cast and wrong phase are errors for {@code -c});
 * {@link dev.hapair.proxy.sample.FormatString} compiles log-format strings ({@code %[expr]}, {@code %ci}...).
 * Evaluation reads a {@link dev.hapair.proxy.sample.SampleContext} and never blocks; values are immutable
 * {@link dev.hapair.proxy.sample.Sample}s cast as HAProxy casts them. Maps ({@link dev.hapair.proxy.sample.MapFile})
 * are shared per configuration and edited by the runtime API without locking readers.
 */
package dev.hapair.proxy.sample;
