"""cvlab: the engine behind the cv-engineer curriculum.

One module per concern:
    paths     where the curriculum and the learner's state live
    envsetup  offline settings and caches applied before any library loads
    catalog   exercises discovered from ``lab.toml`` files
    stubs     marked regions: ``lab.py`` generated from ``solution.py``; wrong versions
    testing   how a grader gets the implementation under test (``lab`` fixture)
    grading   running a grader in a subprocess and explaining the result
    gradeworker  the worker process behind grading (one warm interpreter, forked jobs)
    progress  the learner's progress in SQLite
    verify    the maintainer's gate
    bench     timing a solution against its reference library
    metrics   reference metrics (scikit-learn, torchvision, pycocotools) for later graders
    pins      the project-wide pins every requirements.txt repeats
    data      datasets and weights: registry, sources, loaders, synthetic generators
    cli       the ``cvlab`` command line
"""

__version__ = "0.1.0"
