"""A second batch of written gold examples, annotated BEFORE the extractor was run on them, so their
first score is a blind measurement (recorded in corpus/gold/README.md). Same conventions as
make_written.py; run from the repository root: python corpus/gold/written/make_blind.py
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
D = "directives"
EXAMPLES = [
 {"id": "uk-written-07", "lang": "uk",
  "text": "Вдень 12 листопада Керівний комітет провінції Лаокай з розвитку науки, технологій, інновацій та цифрової трансформації провів засідання для оцінки результатів роботи за 10 місяців. Засідання очолив товариш Данг Суан Фонг, член ЦК партії, секретар провінційного комітету партії, голова Керівного комітету. Також були присутні товариш Чінь Суан Чионг, заступник секретаря провінційного комітету партії, голова провінційного народного комітету.\nСтаном на 31 жовтня провінція виконала 112 із 150 завдань (74,7%), 31 завдання виконується, 7 завдань прострочено.\nЗа індексом задоволеності державними адміністративними послугами (SIPAS) Лаокай посів 5-те місце серед 34 провінцій і міст.\nВиступаючи на засіданні, директор Департаменту науки і технологій Нгуєн Тхі Тху Ха доповіла про впровадження платформи цифрового уряду.\nЗавершуючи засідання, секретар провінційного комітету партії Данг Суан Фонг доручив департаментам, галузям і населеним пунктам:\n- Завершити оцифрування записів про земельні ділянки до 31 грудня 2025 року;\n- Посилити навчання цифрових навичок для службовців комун.\nДжерело: https://baolaocai.vn/ban-chi-dao-57-tinh-lao-cai-hop-danh-gia-10-thang",
  "gold": {"province": "Lào Cai",
           "officials": [{"name": "Данг Суан Фонг", "role": "chair"}, {"name": "Чінь Суан Чионг", "role": "attendee"},
                         {"name": "Нгуєн Тхі Тху Ха", "role": "speaker"}],
           "task_reports": [{"total": 150, "completed": 112, "completed_percent": 74.7, "in_progress": 31, "overdue": 7}],
           "rankings": [{"rank": 5, "out_of": 34, "index": "індексом задоволеності державними адміністративними послугами (SIPAS)"}],
           D: [{"text": "Завершуючи засідання, секретар провінційного комітету партії Данг Суан Фонг доручив департаментам, галузям і населеним пунктам:", "issuer": "Данг Суан Фонг"},
               {"text": "- Завершити оцифрування записів про земельні ділянки до 31 грудня 2025 року;", "issuer": "Данг Суан Фонг"},
               {"text": "- Посилити навчання цифрових навичок для службовців комун.", "issuer": "Данг Суан Фонг"}]}},
 {"id": "en-written-08", "lang": "en",
  "text": "On the morning of November 18, Prime Minister Pham Minh Chinh, Head of the Government's Steering Committee for Science, Technology, Innovation, Digital Transformation and Project 06, chaired the committee's fourth meeting, connected online with 34 provinces and cities.\nDeputy Prime Minister Nguyen Chi Dung and Minister of Science and Technology Nguyen Manh Hung attended.\nAccording to the report presented by Minister Nguyen Manh Hung, of the 392 tasks assigned to ministries and localities this year, 267 have been completed, 98 are on track and 27 are overdue.\nThe Prime Minister requested ministries and sectors to complete the national databases on land, population and enterprises in 2025.\nHe also assigned the Ministry of Public Security to lead the connection of the databases with the National Data Centre by December 15.\nMinistries must cut at least 30 percent of administrative procedures related to business activities, he stressed.",
  "gold": {"province": None,
           "officials": [{"name": "Pham Minh Chinh", "role": "chair"}, {"name": "Nguyen Chi Dung", "role": "attendee"},
                         {"name": "Nguyen Manh Hung", "role": "speaker"}],
           "task_reports": [{"total": 392, "completed": 267, "in_progress": 98, "overdue": 27}],
           "rankings": [],
           D: [{"text": "The Prime Minister requested ministries and sectors to complete the national databases on land, population and enterprises in 2025.", "issuer": "Pham Minh Chinh"},
               {"text": "He also assigned the Ministry of Public Security to lead the connection of the databases with the National Data Centre by December 15.", "issuer": "Pham Minh Chinh"},
               {"text": "Ministries must cut at least 30 percent of administrative procedures related to business activities, he stressed.", "issuer": "Pham Minh Chinh"}]}},
 {"id": "vi-written-09", "lang": "vi",
  "text": "Chiều 24/10, Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số xã Tân Phú (tỉnh Đồng Nai) tổ chức phiên họp quý III. Ông Lê Quang Vinh, Bí thư Đảng ủy xã, Trưởng Ban Chỉ đạo chủ trì; dự họp có bà Phạm Thị Hồng Nhung, Chủ tịch UBND xã.\nNăm 2025, xã được giao 25 nhiệm vụ; đến nay đã hoàn thành 18 nhiệm vụ, 7 nhiệm vụ đang thực hiện. Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt 92,5%.\nPhát biểu kết luận, ông Lê Quang Vinh giao Văn phòng HĐND và UBND xã rà soát, cập nhật dữ liệu dân cư trước ngày 15/11/2025; đồng thời đề nghị các ấp tuyên truyền để người dân sử dụng dịch vụ công trực tuyến.",
  "gold": {"province": "Đồng Nai",
           "officials": [{"name": "Lê Quang Vinh", "role": "chair"}, {"name": "Phạm Thị Hồng Nhung", "role": "attendee"}],
           "task_reports": [{"total": 25, "completed": 18, "in_progress": 7}],
           "rankings": [],
           D: [{"text": "Phát biểu kết luận, ông Lê Quang Vinh giao Văn phòng HĐND và UBND xã rà soát, cập nhật dữ liệu dân cư trước ngày 15/11/2025; đồng thời đề nghị các ấp tuyên truyền để người dân sử dụng dịch vụ công trực tuyến.", "issuer": "Lê Quang Vinh"}]}},
 {"id": "ru-written-10", "lang": "ru",
  "text": "25 сентября в провинции Хатинь состоялось расширенное заседание Руководящего комитета провинции по развитию науки, технологий, инноваций и цифровой трансформации. На заседании председательствовал заместитель секретаря провинциального комитета партии, председатель Народного комитета провинции Чан Ван Тхань.\nС докладом выступил директор Департамента науки и технологий Нгуен Дык Лам. Согласно докладу, из сорока двух задач, поставленных на 2025 год, выполнено тридцать, остальные двенадцать выполняются по графику.\nПо индексу цифровой трансформации за 2024 год Хатинь занял третье место в Северо-Центральном регионе и 18-е место в стране.\nПредседатель провинциального народного комитета Чан Ван Тхань попросил департаменты и отделы ускорить перевод государственных услуг в онлайн-формат. Он также призвал предприятия активнее участвовать в исследованиях.\nИсточник: https://baohatinh.vn/ban-chi-dao-57-hop-mo-rong",
  "gold": {"province": "Hà Tĩnh",
           "officials": [{"name": "Чан Ван Тхань", "role": "chair"}, {"name": "Нгуен Дык Лам", "role": "speaker"}],
           "task_reports": [{"total": 42, "completed": 30, "in_progress": 12}],
           "rankings": [{"rank": 3, "out_of": None, "index": "индексу цифровой трансформации"},
                        {"rank": 18, "out_of": None, "index": "индексу цифровой трансформации"}],
           D: [{"text": "Председатель провинциального народного комитета Чан Ван Тхань попросил департаменты и отделы ускорить перевод государственных услуг в онлайн-формат.", "issuer": "Чан Ван Тхань"},
               {"text": "Он также призвал предприятия активнее участвовать в исследованиях.", "issuer": "Чан Ван Тхань"}]}},
 {"id": "uk-written-11", "lang": "uk",
  "text": "Вранці 4 грудня Генеральний секретар То Лам, голова Центрального керівного комітету з розвитку науки, технологій, інновацій та цифрової трансформації, головував на конференції з підбиття підсумків одного року виконання Резолюції № 57-NQ/TW.\nНа пункті зв'язку провінції Дьєнб'єн засідання очолив секретар провінційного комітету партії Чан Куок Кионг.\nЗгідно зі звітом, центральні органи виконали 186/249 завдань, решта виконуються.\nГенеральний секретар наголосив, що міністерства та місцеві органи влади повинні рішуче усунути вузькі місця в інституціях. Він доручив Уряду до кінця першого кварталу 2026 року завершити Національну стратегію даних.",
  "gold": {"province": "Điện Biên",
           "officials": [{"name": "То Лам", "role": "chair"}, {"name": "Чан Куок Кионг", "role": "chair"}],
           "task_reports": [{"total": 249, "completed": 186}],
           "rankings": [],
           D: [{"text": "Генеральний секретар наголосив, що міністерства та місцеві органи влади повинні рішуче усунути вузькі місця в інституціях.", "issuer": "То Лам"},
               {"text": "Він доручив Уряду до кінця першого кварталу 2026 року завершити Національну стратегію даних.", "issuer": "То Лам"}]}},
 {"id": "en-written-12", "lang": "en",
  "text": "Tuyen Quang (Oct 30) – The Provincial Steering Committee for Science, Technology, Innovation and Digital Transformation held its regular meeting on October 30 under the chairmanship of Vice Chairman of the Provincial People's Committee Hoang Viet Phuong.\nAddressing the meeting, Director of the Department of Science and Technology Vu Dinh Hung said that the province had completed 61 of the 87 tasks set for 2025, or 70.1 percent; 22 tasks were in progress and four had not yet started.\nThe province's e-government portal was ranked 7th of 34 provinces and cities by the Ministry of Public Security.\nVice Chairman Hoang Viet Phuong urged departments to speed up the digitization of civil status records and asked the provincial Digital Transformation Centre to report weekly on progress.",
  "gold": {"province": "Tuyên Quang",
           "officials": [{"name": "Hoang Viet Phuong", "role": "chair"}, {"name": "Vu Dinh Hung", "role": "speaker"}],
           "task_reports": [{"total": 87, "completed": 61, "completed_percent": 70.1, "in_progress": 22, "not_started": 4}],
           "rankings": [{"rank": 7, "out_of": 34, "index": "e-government portal"}],
           D: [{"text": "Vice Chairman Hoang Viet Phuong urged departments to speed up the digitization of civil status records and asked the provincial Digital Transformation Centre to report weekly on progress.", "issuer": "Hoang Viet Phuong"}]}},
 {"id": "vi-written-13", "lang": "vi",
  "text": "Ngày 6/11, đồng chí Nguyễn Hữu Đông, Bí thư Tỉnh ủy Sơn La, Trưởng Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh chủ trì hội nghị đánh giá kết quả 10 tháng năm 2025.\nTại hội nghị, các đồng chí Lò Minh Hùng, Phó Bí thư Tỉnh ủy; Đặng Ngọc Hậu, Phó Chủ tịch UBND tỉnh đã phát biểu, làm rõ nguyên nhân các nhiệm vụ chậm tiến độ.\nTheo báo cáo, tổng số nhiệm vụ của tỉnh là 136; đã hoàn thành 97 nhiệm vụ, đạt 71,3%; đang thực hiện 30 nhiệm vụ; 9 nhiệm vụ quá hạn.\nKết luận hội nghị, đồng chí Bí thư Tỉnh ủy yêu cầu:\nCác sở, ngành tập trung hoàn thành dứt điểm 9 nhiệm vụ quá hạn trong tháng 11/2025.\nUBND các xã, phường bố trí đủ cán bộ phụ trách chuyển đổi số.\nSở Tài chính tham mưu bố trí kinh phí cho các dự án hạ tầng số năm 2026.",
  "gold": {"province": "Sơn La",
           "officials": [{"name": "Nguyễn Hữu Đông", "role": "chair"}, {"name": "Lò Minh Hùng", "role": "speaker"},
                         {"name": "Đặng Ngọc Hậu", "role": "speaker"}],
           "task_reports": [{"total": 136, "completed": 97, "completed_percent": 71.3, "in_progress": 30, "overdue": 9}],
           "rankings": [],
           D: [{"text": "Kết luận hội nghị, đồng chí Bí thư Tỉnh ủy yêu cầu:", "issuer": "Nguyễn Hữu Đông"},
               {"text": "Các sở, ngành tập trung hoàn thành dứt điểm 9 nhiệm vụ quá hạn trong tháng 11/2025.", "issuer": "Nguyễn Hữu Đông"},
               {"text": "UBND các xã, phường bố trí đủ cán bộ phụ trách chuyển đổi số.", "issuer": "Nguyễn Hữu Đông"},
               {"text": "Sở Tài chính tham mưu bố trí kinh phí cho các dự án hạ tầng số năm 2026.", "issuer": "Nguyễn Hữu Đông"}]}},
 {"id": "ru-written-14", "lang": "ru",
  "text": "Днём 14 октября Руководящий комитет Ханоя по развитию науки, технологий, инноваций и цифровой трансформации провёл своё третье заседание. Заседание вела секретарь городского комитета партии Буй Тхи Минь Хоай.\nЗаместитель председателя городского народного комитета Чыонг Вьет Зунг сообщил, что из 210 задач на 2025 год город выполнил 148, ещё 55 выполняются, а 7 задач не выполнены в срок.\nХаной занял 1-е место из 34 населённых пунктов по индексу цифровой трансформации (DTI) 2024 года.\nСекретарь горкома партии потребовала от всех уровней и отраслей до 31 декабря полностью завершить подключение баз данных к городскому центру обработки данных.",
  "gold": {"province": "Hà Nội",
           "officials": [{"name": "Буй Тхи Минь Хоай", "role": "chair"}, {"name": "Чыонг Вьет Зунг", "role": "speaker"}],
           "task_reports": [{"total": 210, "completed": 148, "in_progress": 55, "overdue": 7}],
           "rankings": [{"rank": 1, "out_of": 34, "index": "индексу цифровой трансформации (DTI)"}],
           D: [{"text": "Секретарь горкома партии потребовала от всех уровней и отраслей до 31 декабря полностью завершить подключение баз данных к городскому центру обработки данных.", "issuer": "Буй Тхи Минь Хоай"}]}},
]

for ex in EXAMPLES:
    ex["written"] = True
    ex["note"] = ("Written for the gold set in the style of real reports; annotated before the extractor "
                  "was run on it (blind batch, 2026-11-22).")
    (HERE.parent / f"{ex['id']}.json").write_text(json.dumps(ex, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(len(EXAMPLES), "blind written examples")
