assert new File(basedir, 'src/main/nnet/demo/Extra.nnet').delete()
true
