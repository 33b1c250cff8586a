// Cargo does not pass a dependency's link arguments on to a cdylib, so the Ruby link flags
// (dynamic lookup on macOS, libruby on Windows) are activated here, as magnus' own gems do.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Without this, cargo reruns the script (and rebuilds the crate) when any file in the
    // crate folder changes, such as the Makefile mkmf writes there.
    println!("cargo:rerun-if-changed=build.rs");
    let _ = rb_sys_env::activate()?;
    Ok(())
}
