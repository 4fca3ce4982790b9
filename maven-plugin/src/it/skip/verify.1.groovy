def log = new File(basedir, 'build.log').text
assert log.count('nnet: skipped') == 2
assert !new File(basedir, 'target/generated-sources').exists()
assert !new File(basedir, 'target/generated-test-sources').exists()
true
