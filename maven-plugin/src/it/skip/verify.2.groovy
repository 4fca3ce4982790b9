def log = new File(basedir, 'build.log').text
assert log.count('nnet: skipped') == 3
assert new File(basedir, 'target/generated-sources/nnet/Tiny.java').isFile()
assert !new File(basedir, 'target/generated-test-sources').exists()
true
