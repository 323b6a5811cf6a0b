"""Write the hand-made gold examples (phrasings the real excerpts lack), one JSON file each.

Run from the repository root: python corpus/gold/written/make_written.py
Each example is marked "written": true; texts are in the style of real reports, not copies.
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = [
 {"id": "vi-written-01", "lang": "vi",
  "text": "Chiều 14/11, Ban Chỉ đạo tỉnh Lạng Sơn về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số họp phiên thứ tư. Đồng chí Hoàng Văn Nghiệm, Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo chủ trì phiên họp.\nTheo báo cáo, trong số 74 nhiệm vụ được giao năm 2025, tỉnh đã hoàn thành 51 nhiệm vụ, đang thực hiện 19 nhiệm vụ, còn 4 nhiệm vụ chưa triển khai.\nNăm 2024, chỉ số chuyển đổi số cấp tỉnh (DTI) của Lạng Sơn xếp thứ 27/63 tỉnh, thành phố; chỉ số cải cách hành chính (PAR Index) đứng thứ 19.\nKết luận phiên họp, đồng chí Hoàng Văn Nghiệm yêu cầu Sở Khoa học và Công nghệ hoàn thành Kho dữ liệu dùng chung của tỉnh trước ngày 31/12/2025.",
  "gold": {"province": "Lạng Sơn", "officials": [{"name": "Hoàng Văn Nghiệm", "role": "chair"}],
           "task_reports": [{"total": 74, "completed": 51, "in_progress": 19, "not_started": 4}],
           "rankings": [{"rank": 27, "out_of": 63, "index": "chỉ số chuyển đổi số cấp tỉnh (DTI)"}, {"rank": 19, "out_of": None, "index": "PAR Index"}],
           "directives": [{"text": "Kết luận phiên họp, đồng chí Hoàng Văn Nghiệm yêu cầu Sở Khoa học và Công nghệ hoàn thành Kho dữ liệu dùng chung của tỉnh trước ngày 31/12/2025.", "issuer": "Hoàng Văn Nghiệm"}]}},
 {"id": "en-written-02", "lang": "en",
  "text": "On the afternoon of October 8, Nguyen Van Son, Chairman of the Provincial People's Committee and Head of the Steering Committee, chaired a meeting of the Quang Tri Provincial Steering Committee on science, technology, innovation and digital transformation.\nAccording to the report, out of 140 tasks assigned under Resolution 57, 96 have been completed, 38 are being implemented on schedule and 6 are behind schedule.\nIn the 2024 provincial digital transformation index, Quang Tri ranked 31st out of 63 provinces and cities, while its SIPAS satisfaction index ranked fifth.\nConcluding the meeting, Mr. Son asked the Department of Home Affairs to complete the review of public services before November 15, 2025.",
  "gold": {"province": "Quảng Trị", "officials": [{"name": "Nguyen Van Son", "role": "chair"}],
           "task_reports": [{"total": 140, "completed": 96, "in_progress": 38, "overdue": 6}],
           "rankings": [{"rank": 31, "out_of": 63, "index": "provincial digital transformation index"}, {"rank": 5, "out_of": None, "index": "SIPAS satisfaction index"}],
           "directives": [{"text": "Concluding the meeting, Mr. Son asked the Department of Home Affairs to complete the review of public services before November 15, 2025.", "issuer": "Nguyen Van Son"}]}},
 {"id": "uk-written-03", "lang": "uk",
  "text": "Вранці 20 жовтня відбулося засідання провінційного керівного комітету з розвитку науки, технологій, інновацій та цифрової трансформації провінції Тханьхоа під головуванням секретаря провінційного партійного комітету Нгуєн Доан Аня.\nЗгідно зі звітом, з 88 завдань виконано 60, 25 завдань виконуються, 3 завдання прострочені.\nЗа індексом цифрової трансформації провінцій за 2024 рік провінція Тханьхоа посіла 9-те місце з 63.\nСекретар провінційного партійного комітету доручив Департаменту науки і технологій до 30 листопада 2025 року подати план навчання цифрових кадрів.",
  "gold": {"province": "Thanh Hóa", "officials": [{"name": "Нгуєн Доан Ань", "role": "chair"}],
           "task_reports": [{"total": 88, "completed": 60, "in_progress": 25, "overdue": 3}],
           "rankings": [{"rank": 9, "out_of": 63, "index": "індексом цифрової трансформації провінцій"}],
           "directives": [{"text": "Секретар провінційного партійного комітету доручив Департаменту науки і технологій до 30 листопада 2025 року подати план навчання цифрових кадрів.", "issuer": "Нгуєн Доан Ань"}]}},
 {"id": "ru-written-04", "lang": "ru",
  "text": "Утром 3 ноября под председательством секретаря провинциального комитета партии Ле Нгок Куанга состоялось заседание руководящего комитета провинции Куангчи по развитию науки, технологий, инноваций и цифровой трансформации.\nНа заседании присутствовал председатель провинциального народного комитета Хоанг Нам.\nПо состоянию на 31 октября провинция выполнила 45 из 70 задач, 20 задач находятся в процессе реализации, 5 задач не начаты.\nПо индексу административной реформы (PAR Index) за 2024 год провинция заняла 12-е место среди 63 провинций и городов.\nСекретарь провинциального комитета партии поручил Департаменту финансов до 10 декабря 2025 года выделить средства на цифровую инфраструктуру коммун.",
  "gold": {"province": "Quảng Trị", "officials": [{"name": "Ле Нгок Куанг", "role": "chair"}, {"name": "Хоанг Нам", "role": "attendee"}],
           "task_reports": [{"total": 70, "completed": 45, "in_progress": 20, "not_started": 5}],
           "rankings": [{"rank": 12, "out_of": 63, "index": "индексу административной реформы (PAR Index)"}],
           "directives": [{"text": "Секретарь провинциального комитета партии поручил Департаменту финансов до 10 декабря 2025 года выделить средства на цифровую инфраструктуру коммун.", "issuer": "Ле Нгок Куанг"}]}},
 {"id": "vi-written-05", "lang": "vi",
  "text": "Sáng 9-10, đồng chí Trịnh Văn Chiến - Phó Chủ tịch UBND tỉnh Cao Bằng, Phó Trưởng Ban Chỉ đạo chủ trì cuộc họp sơ kết 9 tháng thực hiện Nghị quyết 57.\nBáo cáo cho biết, tỉnh đã hoàn thành 33/58 nhiệm vụ (đạt 56,9%); 21 nhiệm vụ đang triển khai đúng tiến độ; 4 nhiệm vụ chậm tiến độ.\nVề Bộ chỉ số phục vụ người dân, doanh nghiệp trên Cổng Dịch vụ công quốc gia, Cao Bằng xếp thứ hai trong 34 tỉnh, thành phố.\nĐồng chí đề nghị các sở, ngành khắc phục ngay các nhiệm vụ chậm tiến độ.",
  "gold": {"province": "Cao Bằng", "officials": [{"name": "Trịnh Văn Chiến", "role": "chair"}],
           "task_reports": [{"total": 58, "completed": 33, "completed_percent": 56.9, "in_progress": 21, "overdue": 4}],
           "rankings": [{"rank": 2, "out_of": 34, "index": "Bộ chỉ số phục vụ người dân, doanh nghiệp trên Cổng Dịch vụ công quốc gia"}],
           "directives": [{"text": "Đồng chí đề nghị các sở, ngành khắc phục ngay các nhiệm vụ chậm tiến độ.", "issuer": "Trịnh Văn Chiến"}]}},
 {"id": "en-written-06", "lang": "en",
  "text": "The Ha Tinh Provincial Steering Committee for Science, Technology, Innovation and Digital Transformation held its quarterly meeting on July 9, chaired by Provincial Party Secretary Nguyen Duy Lam.\nOf the 65 tasks in the province's 2025 work programme, 28 were completed on time, 3 were completed late and 34 are in progress.\nThe province placed 18th of 63 localities in the Provincial Competitiveness Index (PCI) and 22nd in the PAPI index.\nNguyen Duy Lam directed all communes to finish digitising household records by the end of September.",
  "gold": {"province": "Hà Tĩnh", "officials": [{"name": "Nguyen Duy Lam", "role": "chair"}],
           "task_reports": [{"completed_on_time": 28, "completed_late": 3, "in_progress": 34, "total": 65}],
           "rankings": [{"rank": 18, "out_of": 63, "index": "Provincial Competitiveness Index (PCI)"}, {"rank": 22, "out_of": None, "index": "PAPI index"}],
           "directives": [{"text": "Nguyen Duy Lam directed all communes to finish digitising household records by the end of September.", "issuer": "Nguyen Duy Lam"}]}},
]

for ex in EXAMPLES:
    ex["written"] = True
    ex["note"] = "Written for the gold set in the style of real reports, for phrasings the real excerpts lack."
    (HERE.parent / f"{ex['id']}.json").write_text(json.dumps(ex, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(len(EXAMPLES), "written examples")
