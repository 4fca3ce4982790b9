def log = new File(basedir, 'build.log').text
def broken = new File(basedir, 'src/main/nnet/shapes/Broken.nnet').canonicalPath

// Every error, on its own line, in the form IDEs link from Maven's log.
assert log.contains("[ERROR] ${broken}:3:9: error[") : 'the misspelt activation is not reported at 3:9'
assert log.contains("[ERROR] ${broken}:5:11: error[") : 'the misspelt optimizer is not reported at 5:11'
assert log =~ /\[ERROR\]\s+3 \| dense 3 sofmax/
assert log.contains('BUILD FAILURE')
assert log.contains('nnet: 2 model files in src/main/nnet: 1 compiled, 0 up to date, 1 failed')
// A user's mistake is not a crash.
assert !(log =~ /\tat dev\.nnet\./)

// The good model is still generated; nothing comes of the broken one.
def out = new File(basedir, 'target/generated-sources/nnet')
assert new File(out, 'Good.java').isFile()
assert !new File(out, 'shapes').exists()
true
